"""Background work of the cpd app. Tasks take ids and are safe to run again."""

from celery import shared_task

from . import rendering
from .models import Certificate


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def render_certificate_pdf(certificate_id: int) -> None:
    """Render a certificate's PDF; skipped when it already has one (a retry writes nothing new)."""
    certificate = Certificate.objects.select_related("holder").filter(pk=certificate_id).first()
    if certificate is not None:
        rendering.render_certificate(certificate)
