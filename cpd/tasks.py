"""Background work of the cpd app. Tasks take ids and are safe to run again."""

from celery import shared_task

from . import rendering
from .models import Certificate


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def render_certificate_pdf(certificate_id: int, refresh: bool = False) -> None:
    """Render a certificate's PDF; skipped when it already has one (a retry writes nothing new). With `refresh` (after
    a revocation) the file is rendered again over the same name from the row as it is then, so a retry or a repeat
    leaves the same single file."""
    certificate = Certificate.objects.select_related("holder").filter(pk=certificate_id).first()
    if certificate is not None:
        rendering.render_certificate(certificate, refresh=refresh)
