"""Thin Celery tasks over exports.services."""

from celery import shared_task

from . import services


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def run_export(job_id: int) -> None:
    services.run_export(job_id)  # idempotent: a finished job is skipped, a retried one rewritten whole


@shared_task
def remove_expired_exports() -> int:
    return services.remove_expired()
