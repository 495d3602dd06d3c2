"""Trainers may add resources under every library index page (and so edit the resources they own, by Wagtail's
ownership rule); publishing stays with province admins, who hold page permissions on the root."""

from django.contrib.auth.models import Group, Permission
from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.models import GroupPagePermission

from people.models import Role

from .models import ResourceIndexPage


def grant_trainers(page: ResourceIndexPage) -> None:
    group = Group.objects.filter(name=Role.TRAINER.value).first()
    permission = Permission.objects.filter(content_type__app_label="wagtailcore", codename="add_page").first()
    if group is not None and permission is not None:
        GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)


@receiver(post_save, sender=ResourceIndexPage, dispatch_uid="library.grant_trainers")
def on_index_page_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        grant_trainers(instance)
