"""Periodic job: when an exam's window has closed, the candidates who failed and left attempts unused get their
theory score (exams.services.record_closed_exams; idempotent, so overlapping runs write each score once)."""

from celery import shared_task

from . import services


@shared_task(acks_late=True)
def record_closed_exams() -> int:
    return services.record_closed_exams()
