"""Evidence files for external activity claims: PDF, JPEG or PNG, recognised by their content, at most 10 MB each.

The name a file arrives with proves nothing: a file is accepted only when its first bytes are those of a PDF, a JPEG
or a PNG, and an image must also open with Pillow and stay within `lms.images`' bounds (at most 10000 pixels a
side and 40 million in all, read from its header), because reviewers open it in their browser.
`check_evidence(files)` returns (file, content_type, extension) for each accepted file or raises EvidenceError with
a translated message.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from lms.images import check_dimensions

MAX_BYTES = 10 * 1024 * 1024
MAX_FILES = 5

SIGNATURES = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
)


class EvidenceError(Exception):
    def __init__(self, message: str, code: str = "invalid_evidence"):
        super().__init__(message)
        self.message = message
        self.code = code


def _image_opens(upload) -> bool:
    from PIL import Image

    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image.verify()
    except Exception:  # Pillow raises many kinds of errors for broken images
        return False
    finally:
        upload.seek(0)
    return True


def sniff(upload) -> tuple[str, str]:
    """(content_type, extension) of one upload, by content; EvidenceError if it is none of the accepted kinds."""
    name = getattr(upload, "name", "") or ""
    if upload.size is not None and upload.size > MAX_BYTES:
        raise EvidenceError(
            _("%(name)s is larger than 10 MB; evidence files may be at most 10 MB each.") % {"name": name},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for magic, content_type, extension in SIGNATURES:
        if head.startswith(magic):
            if content_type.startswith("image/"):
                try:
                    check_dimensions(upload, name)  # from the header, before anything decodes the image
                except ValidationError as error:
                    raise EvidenceError(error.messages[0], code="image_too_large") from None
                if not _image_opens(upload):
                    break
            return content_type, extension
    raise EvidenceError(
        _("%(name)s is not a PDF, JPG or PNG file (its content was checked, not its name). "
          "Upload the evidence as PDF, JPG or PNG.") % {"name": name},
        code="invalid_type",
    )


def check_evidence(files, *, existing: int = 0) -> list[tuple]:
    files = list(files or [])
    if existing + len(files) > MAX_FILES:
        raise EvidenceError(
            _("A claim may have at most %(count)s evidence files.") % {"count": MAX_FILES}, code="too_many_files"
        )
    return [(upload, *sniff(upload)) for upload in files]
