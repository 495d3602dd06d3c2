"""Keep course teams and the publishing workflow in step with published pages."""

from django.dispatch import receiver
from wagtail.signals import page_published

from .models import CourseIndexPage, CoursePage
from .teams import assign_publishing_workflow, sync_course_team


@receiver(page_published, sender=CoursePage, dispatch_uid="courses.sync_course_team")
def course_published(sender, instance, **kwargs):
    sync_course_team(instance)


@receiver(page_published, sender=CourseIndexPage, dispatch_uid="courses.catalogue_workflow")
def catalogue_published(sender, instance, **kwargs):
    assign_publishing_workflow(instance)
