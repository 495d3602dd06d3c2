"""Thin Celery tasks over courses.services."""

from celery import shared_task

from . import services


@shared_task(acks_late=True)
def recompute_course_progress(course_id: int) -> int:
    return services.recompute_progress(course_id)  # idempotent: a rerun changes nothing
