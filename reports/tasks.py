"""Background work of the reports app: sending a reminder campaign, and the monthly campaign (Celery beat, when
`LMS_MONTHLY_CPD_REMINDERS` is on). Both are safe to run again: see reports.services."""

from celery import shared_task

from . import services


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_campaign(campaign_id: int) -> int:
    return services.send_campaign(campaign_id)


@shared_task(acks_late=True)
def start_monthly_campaigns() -> int:
    return len(services.start_monthly_campaigns())
