"""Bounds on uploaded images that people later open in a browser (claim evidence, Wagtail images).

A small file can hold a huge image: a 17 KB PNG of 12000×12000 pixels takes 576 MB to decode in a reviewer's
browser and in any server-side thumbnail. An image is accepted only when it has at most `MAX_PIXELS` pixels and at
most `MAX_SIDE` pixels on each side. The size is read from the header, without decoding the pixels; Pillow's own
decompression-bomb guard (`Image.MAX_IMAGE_PIXELS`) is set to the same bound by `configure_pillow()`, so that
nothing in the project (renditions included) decodes more than twice that.
"""

import warnings

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from wagtail.images.forms import BaseImageForm

MAX_PIXELS = 40_000_000
MAX_SIDE = 10_000


def configure_pillow() -> None:
    """Pillow warns above this many pixels and refuses to open twice as many (its default is about 89 million)."""
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS


def image_dimensions(upload) -> tuple[int, int] | None:
    """(width, height) from the image header, or None when Pillow cannot read one.

    ImageTooLarge when Pillow itself calls the image a decompression bomb (more than `MAX_PIXELS`)."""
    from PIL import Image

    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                return image.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageTooLarge from None
    except Exception:  # Pillow raises many kinds of errors for files that are not images
        return None
    finally:
        upload.seek(0)


class ImageTooLarge(Exception):
    pass


def check_dimensions(upload, name: str = "") -> None:
    """ValidationError (code `image_too_large`) when the image is wider, taller or larger than the bounds."""
    name = name or _("The image")
    bounds = {"side": MAX_SIDE, "megapixels": MAX_PIXELS // 1_000_000}
    try:
        size = image_dimensions(upload)
    except ImageTooLarge:
        raise ValidationError(
            _("%(name)s has more than %(megapixels)s million pixels; images may be at most %(side)s pixels on each "
              "side and %(megapixels)s million pixels in all. Scale the image down or save it as a PDF.")
            % {"name": name, **bounds},
            code="image_too_large",
        ) from None
    if size is None:
        return
    width, height = size
    if width > MAX_SIDE or height > MAX_SIDE or width * height > MAX_PIXELS:
        raise ValidationError(
            _("%(name)s is %(width)s × %(height)s pixels; images may be at most %(side)s pixels on each side and "
              "%(megapixels)s million pixels in all. Scale the image down or save it as a PDF.")
            % {"name": name, "width": width, "height": height, **bounds},
            code="image_too_large",
        )


class BoundedImageForm(BaseImageForm):
    """Wagtail's image form (WAGTAILIMAGES_IMAGE_FORM_BASE) with the side bound added to its pixel-count bound."""

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and "file" in self.changed_data:
            check_dimensions(upload, getattr(upload, "name", ""))
        return upload
