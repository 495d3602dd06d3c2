"""Keep course teams, the publishing workflow and the stored progress of enrollments in step with published pages."""

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from .models import CourseIndexPage, CourseItemMixin, CoursePage
from .teams import assign_publishing_workflow, sync_course_team


def _course_items_changed(sender, instance, **kwargs):
    """An item was published (perhaps made optional or required, or new), unpublished or deleted: recompute the
    stored progress of its course's enrollments in the background, once the change is committed."""
    if not isinstance(instance, CourseItemMixin) or not instance.path:
        return
    from .tasks import recompute_course_progress

    parent = CoursePage.objects.filter(path=instance.path[: -instance.steplen]).values_list("pk", flat=True).first()
    if parent is not None:
        transaction.on_commit(lambda: recompute_course_progress.delay(parent))


page_published.connect(_course_items_changed, dispatch_uid="courses.items_published")
page_unpublished.connect(_course_items_changed, dispatch_uid="courses.items_unpublished")
post_delete.connect(_course_items_changed, dispatch_uid="courses.items_deleted")


@receiver(page_published, sender=CoursePage, dispatch_uid="courses.sync_course_team")
def course_published(sender, instance, **kwargs):
    sync_course_team(instance)


@receiver(page_published, sender=CourseIndexPage, dispatch_uid="courses.catalogue_workflow")
def catalogue_published(sender, instance, **kwargs):
    assign_publishing_workflow(instance)
