"""Daily work of the chiefs app (Celery beat): remind a chief counselor once before their term ends, and take the
title off the ladder when a term has ended without a new appointment. Both are safe to run again."""

from celery import shared_task

from . import terms


@shared_task(acks_late=True)
def send_term_reminders() -> int:
    return terms.send_reminders()


@shared_task(acks_late=True)
def end_finished_terms() -> int:
    return terms.end_finished_terms()
