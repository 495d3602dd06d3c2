"""Image bounds (lms.images) for uploads opened in a browser: Wagtail's image upload refuses images over 10000 px a
side or 40 million pixels with a clear message, and Pillow's decompression-bomb bound is set to the same figure."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from wagtail.images import get_image_model

from lms.images import MAX_PIXELS

pytestmark = pytest.mark.django_db


def png(width, height, name="photo.png"):
    buffer = io.BytesIO()
    Image.new("1", (width, height), 1).save(buffer, "PNG", optimize=True)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def test_pillow_refuses_to_decode_more_than_twice_the_bound():
    assert Image.MAX_IMAGE_PIXELS == MAX_PIXELS


@pytest.mark.parametrize(("width", "height"), [(12000, 12000), (10001, 20), (7000, 7000)])
def test_the_admin_image_upload_refuses_oversized_images(client, people, width, height):
    client.force_login(people["province_admin"])
    response = client.post(reverse("wagtailimages:add"), {"title": "大图", "file": png(width, height)})
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert get_image_model().objects.count() == 0


def test_the_admin_image_upload_accepts_an_ordinary_image(client, people):
    client.force_login(people["province_admin"])
    response = client.post(reverse("wagtailimages:add"), {"title": "封面", "file": png(1200, 800)})
    assert response.status_code == 302, response.context["form"].errors
    assert get_image_model().objects.count() == 1
