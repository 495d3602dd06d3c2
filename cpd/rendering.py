"""PDF rendering with WeasyPrint: certificates (by a Celery task, idempotent) and transcripts (on request).

The rule this module enforces: a certificate has at most one file, certificates/<code>.pdf in private storage. The
bytes are written to a temporary file and moved over the final name in one step (os.replace), so a worker killed
half-way leaves no partial certificate, and a retried or repeated task overwrites the same name instead of making a
second file; once the row points at an existing file, rendering again does nothing unless asked to (`refresh`: after
a revocation, whose PDF then carries a "revoked" watermark, or after the site moved to another address).

Absolute links (the verification URL and its QR code) are built at render time from WAGTAILADMIN_BASE_URL, the
configured public address of the site, never from the address of a request.
"""

import base64
import io
import os
import tempfile

import qrcode
from django.conf import settings
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .models import Certificate, CreditEntry


def absolute_url(path: str) -> str:
    """`path` on the site's configured public address (WAGTAILADMIN_BASE_URL, read when called)."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def verification_url(certificate: Certificate) -> str:
    return absolute_url(reverse("cpd:verify", args=[certificate.code]))


def qr_data_uri(text: str) -> str:
    """A PNG QR code of `text` as a data: URI, for embedding in the PDF's HTML."""
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=8, border=4)
    qr.add_data(text)
    qr.make(fit=True)
    buffer = io.BytesIO()
    qr.make_image(fill_color="black", back_color="white").save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def html_to_pdf(template: str, context: dict) -> bytes:
    """Render a Django template to PDF bytes in the site's default language."""
    from weasyprint import HTML  # imported here: WeasyPrint loads Pango, which the web pages do not need

    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string(template, context)
    return HTML(string=html, base_url=settings.WAGTAILADMIN_BASE_URL).write_pdf()


def credit_for(certificate: Certificate) -> CreditEntry | None:
    """The ledger entry of the achievement the certificate attests (same holder and source), for its 学时 and level;
    None for certificates without credit (awards, level certificates)."""
    return (
        CreditEntry.objects.select_related("level")
        .filter(counselor_id=certificate.holder_id, source_ref=certificate.source_ref, reverses__isnull=True)
        .first()
    )


def certificate_pdf_bytes(certificate: Certificate) -> bytes:
    url = verification_url(certificate)
    return html_to_pdf(
        "cpd/certificate_pdf.html",
        {"certificate": certificate, "holder_name": certificate.holder.get_full_name() or certificate.holder.email,
         "verification_url": url, "qr_code": qr_data_uri(url), "credit": credit_for(certificate)},
    )


def _write_over(storage, name: str, data: bytes) -> None:
    """Put `data` under `name`, replacing any file there, without ever leaving a partial file under `name`."""
    try:
        final_path = storage.path(name)
    except NotImplementedError:  # a remote storage: replace by delete-then-save (save would add a suffix)
        if storage.exists(name):
            storage.delete(name)
        saved = storage.save(name, ContentFile(data))
        if saved != name:
            raise OSError(f"storage saved {saved!r} instead of {name!r}") from None
        return
    os.makedirs(os.path.dirname(final_path), exist_ok=True)
    temporary_dir = os.path.join(storage.location, "tmp")  # same file system, outside certificates/
    os.makedirs(temporary_dir, exist_ok=True)
    descriptor, temporary_path = tempfile.mkstemp(dir=temporary_dir, suffix=".pdf.part")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary_path, final_path)
    except BaseException:
        if os.path.exists(temporary_path):
            os.unlink(temporary_path)
        raise


def render_certificate(certificate: Certificate, refresh: bool = False) -> bool:
    """Render the certificate's PDF unless it already has one (or `refresh`: render it again over the same name from
    the row as it is now); True when a file was written."""
    storage = certificate.pdf.storage
    if not refresh and certificate.pdf and storage.exists(certificate.pdf.name):
        return False
    name = certificate.pdf_name
    _write_over(storage, name, certificate_pdf_bytes(certificate))
    Certificate.objects.filter(pk=certificate.pk).update(pdf=name)
    certificate.pdf.name = name
    return True
