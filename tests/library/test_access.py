"""Restricted resources: pages and files exist only for their organization subtree, by every path to the file."""

import pytest
from django.conf import settings
from django.urls import reverse

from library.access import can_open, openable
from library.models import Download, ResourcePage
from tests.factories import UserFactory
from tests.library.builders import attach, resource

pytestmark = pytest.mark.django_db


def fetch(client, url):
    """GET a URL and read it to the end (which closes a file response); (status, content)."""
    response = client.get(url)
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return response.status_code, content


@pytest.fixture
def restricted(tree):
    page = resource("济南市内部案例汇编", access=ResourcePage.Access.RESTRICTED, restricted_to=tree["jinan"])
    return page, attach(page, "cases.pdf", b"%PDF-1.4 secret cases")


def test_outsiders_get_404_for_the_page_the_download_and_the_document_url(client, people, restricted):
    page, attachment = restricted
    client.force_login(people["qingdao_counselor"])
    assert client.get(page.url).status_code == 404
    assert client.get(reverse("library:download", args=[attachment.pk])).status_code == 404
    assert client.get(attachment.document.url).status_code == 404
    assert not Download.objects.exists()


def test_anonymous_visitors_cannot_fetch_the_file_either(client, restricted):
    _, attachment = restricted
    assert client.get(reverse("library:download", args=[attachment.pk])).status_code == 404
    assert client.get(attachment.document.url).status_code == 404


def test_the_file_has_no_public_media_path(client, people, restricted):
    _, attachment = restricted
    document = attachment.document
    path = document.file.path
    assert not path.startswith(str(settings.MEDIA_ROOT))
    assert path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    client.force_login(people["qingdao_counselor"])
    assert client.get(f"{settings.MEDIA_URL}{document.file.name}").status_code == 404
    assert client.get(f"{settings.MEDIA_URL}documents/cases.pdf").status_code == 404


def test_people_of_the_subtree_open_page_and_file(client, people, restricted):
    page, attachment = restricted
    client.force_login(people["jinan_counselor"])  # works at an agency under Jinan
    assert client.get(page.url).status_code == 200
    assert fetch(client, reverse("library:download", args=[attachment.pk])) == (200, b"%PDF-1.4 secret cases")
    assert fetch(client, attachment.document.url) == (200, b"%PDF-1.4 secret cases")


def test_province_admins_open_everything(people, restricted):
    page, _ = restricted
    assert can_open(people["province_admin"], page)
    assert not can_open(people["qingdao_admin"], page)


def test_signed_in_resources_send_visitors_to_sign_in(client, people):
    page = resource("内部培训课件", access=ResourcePage.Access.SIGNED_IN)
    attachment = attach(page)
    response = client.get(reverse("library:download", args=[attachment.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert fetch(client, page.url)[0] == 200
    client.force_login(people["qingdao_counselor"])
    assert fetch(client, reverse("library:download", args=[attachment.pk]))[0] == 200


def test_openable_matches_can_open(tree, people):
    pages = [
        resource("公开", access=ResourcePage.Access.PUBLIC),
        resource("登录", access=ResourcePage.Access.SIGNED_IN),
        resource("济南", access=ResourcePage.Access.RESTRICTED, restricted_to=tree["jinan"]),
        resource("青岛", access=ResourcePage.Access.RESTRICTED, restricted_to=tree["qingdao"]),
    ]
    from django.contrib.auth.models import AnonymousUser

    for user in [AnonymousUser(), people["jinan_counselor"], people["qingdao_counselor"], people["province_admin"]]:
        expected = {page.pk for page in pages if can_open(user, page)}
        assert set(openable(ResourcePage.objects.all(), user).values_list("pk", flat=True)) == expected


def test_a_person_without_organization_sees_no_restricted_resource(tree):
    page = resource("济南", access=ResourcePage.Access.RESTRICTED, restricted_to=tree["jinan"])
    loner = UserFactory(email="loner@example.cn", organization=None)
    assert not can_open(loner, page)


def test_a_document_used_in_a_restricted_body_is_refused_from_outside(client, people, tree):
    from library.models import PrivateDocument

    document = PrivateDocument(title="内部表格")
    from django.core.files.base import ContentFile

    document.file.save("form.pdf", ContentFile(b"%PDF-1.4 form"), save=False)
    document.save()
    page = resource("济南内部表格", access=ResourcePage.Access.RESTRICTED, restricted_to=tree["jinan"])
    page.body = [("document", document)]
    page.save_revision().publish()
    client.force_login(people["qingdao_counselor"])
    assert fetch(client, document.url)[0] == 404
    client.force_login(people["jinan_counselor"])
    assert fetch(client, document.url) == (200, b"%PDF-1.4 form")
