"""Trainers author events under the events index: they may add pages there and, by Wagtail's ownership rule, edit
only the events they created (publishing goes through the moderation workflow). Granted after every migration and
whenever an events index is created, idempotently."""

from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission

from people.models import Role

TRAINER_PAGE_PERMISSIONS = ["add_page"]


def _grant(index, using="default") -> None:
    group = Group.objects.using(using).filter(name=Role.TRAINER.value).first()
    if group is None:
        return
    for codename in TRAINER_PAGE_PERMISSIONS:
        permission = Permission.objects.using(using).filter(
            content_type__app_label="wagtailcore", codename=codename
        ).first()
        if permission is not None:
            GroupPagePermission.objects.using(using).get_or_create(group=group, page=index, permission=permission)


def grant_trainer_page_permissions(*, using="default", **kwargs) -> None:
    from .models import WorkshopIndexPage

    for index in WorkshopIndexPage.objects.using(using).all():
        _grant(index, using)


def index_page_saved(sender, instance, created, raw=False, using="default", **kwargs) -> None:
    if created and not raw:
        _grant(instance, using)
