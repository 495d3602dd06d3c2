"""Keeping the public pages fresh: any saved or deleted feature or image starts a new cache version once its
transaction commits, and a feature's photo gets its card renditions made then, so no visitor waits for them."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.images import get_image_model

from . import listing
from .models import Feature


def renew(**kwargs) -> None:
    transaction.on_commit(listing.invalidate)


def prepare_photo(sender, instance, update_fields=None, **kwargs) -> None:
    if instance.image_id and (update_fields is None or "image" in update_fields):
        transaction.on_commit(lambda: make_renditions(instance.image_id))


def make_renditions(image_id: int) -> None:
    image = get_image_model().objects.filter(pk=image_id).first()
    if image is None:
        return
    try:
        image.get_renditions(listing.PHOTO, listing.PHOTO_2X)
    except OSError:  # an unreadable original: the cards show the placeholder (listing._photo)
        return


def connect() -> None:
    image_model = get_image_model()
    post_save.connect(prepare_photo, sender=Feature, dispatch_uid="showcase.prepare_photo")
    for signal in (post_save, post_delete):
        signal.connect(renew, sender=Feature, dispatch_uid=f"showcase.renew.feature.{signal is post_save}")
        signal.connect(renew, sender=image_model, dispatch_uid=f"showcase.renew.image.{signal is post_save}")
