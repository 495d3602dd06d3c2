"""Periodic job: finish the attempts whose deadline has passed and grade what was saved (idempotent: finishing
is a conditional update, so a retry or an overlapping run finishes each attempt once)."""

from celery import shared_task

from . import services


@shared_task(acks_late=True)
def finish_overdue_attempts() -> int:
    return services.finish_overdue()
