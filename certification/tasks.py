"""Background work of the certification app: notices (each sent once) and result publication. Tasks take ids and
are safe to run again."""

from celery import shared_task

from people.models import User

from . import notifications


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_notice(application_id: int, kind: str) -> None:
    notifications.send(application_id, kind)


@shared_task(acks_late=True)
def publish_round_results(round_id: int, actor_id: int) -> dict:
    """Publish a round's results; a retried or duplicated run publishes nothing twice (see services)."""
    from .services import publish_results

    return publish_results(round_id, actor=User.objects.get(pk=actor_id))
