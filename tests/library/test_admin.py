"""The library in the Wagtail admin: trainers author resources and their own reading lists; province admins all."""

import pytest
from django.urls import reverse

from library.models import ReadingList
from people.models import Role
from tests.factories import UserFactory
from tests.helpers import refused
from tests.library.builders import library_index, resource

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_trainer(tree):
    return UserFactory(email="trainer2@example.cn", organization=tree["qingdao_agency"], roles=[Role.TRAINER])


def _add_url(index):
    return reverse("wagtailadmin_pages:add", args=["library", "resourcepage", index.pk])


def test_trainers_may_add_resources_and_edit_only_their_own(client, people, other_trainer):
    index = library_index()
    client.force_login(people["trainer"])
    assert client.get(_add_url(index)).status_code == 200
    mine = resource("我的课件", owner=people["trainer"])
    theirs = resource("别人的课件", owner=other_trainer)
    assert client.get(reverse("wagtailadmin_pages:edit", args=[mine.pk])).status_code == 200
    assert refused(client.get(reverse("wagtailadmin_pages:edit", args=[theirs.pk])))


def test_counselors_cannot_author(client, people):
    client.force_login(people["jinan_counselor"])
    response = client.get(_add_url(library_index()))
    assert refused(response) or response["Location"].startswith("/accounts/login/")  # no admin access at all


def test_reading_lists_belong_to_their_trainer(client, people, other_trainer):
    client.force_login(people["trainer"])
    add_url = reverse("wagtailsnippets_library_readinglist:add")
    response = client.post(
        add_url,
        {"title": "五级必读", "level": "", "intro": "", "items-TOTAL_FORMS": "0", "items-INITIAL_FORMS": "0",
         "items-MIN_NUM_FORMS": "0", "items-MAX_NUM_FORMS": "1000"},
    )
    assert response.status_code == 302, response.content.decode()[:500]
    mine = ReadingList.objects.get(title="五级必读")
    assert mine.owner == people["trainer"]
    theirs = ReadingList.objects.create(title="青岛书单", owner=other_trainer)
    listing = client.get(reverse("wagtailsnippets_library_readinglist:list")).content.decode()
    assert "五级必读" in listing and "青岛书单" not in listing
    assert refused(client.get(reverse("wagtailsnippets_library_readinglist:edit", args=[theirs.pk])))
    client.force_login(people["province_admin"])
    listing = client.get(reverse("wagtailsnippets_library_readinglist:list")).content.decode()
    assert "五级必读" in listing and "青岛书单" in listing


def test_download_statistics_are_for_province_admins(client, people):
    url = reverse("library_downloads:index")
    client.force_login(people["trainer"])
    assert refused(client.get(url))
    client.force_login(people["province_admin"])
    assert client.get(url).status_code == 200


def test_trainers_can_choose_and_upload_documents_for_attachments(client, people):
    client.force_login(people["trainer"])
    assert client.get(reverse("wagtaildocs_chooser:choose")).status_code == 200
    assert client.get(reverse("wagtaildocs:add")).status_code == 200


def _resource_form(**fields):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

    data = {
        "title": "新课件", "slug": "new-courseware", "kind": "courseware", "summary": "课件摘要", "source": "",
        "published_on": "", "body": streamfield([("paragraph", rich_text("<p>职业生涯规划</p>"))]),
        "attachments": inline_formset([]), "audience": "all", "access": "public", "restricted_to": "",
    }
    data.update(fields)
    return nested_form_data(data)


def test_a_trainer_saves_a_resource_as_its_owner(client, people):
    from library.models import ResourcePage

    index = library_index()
    client.force_login(people["trainer"])
    response = client.post(_add_url(index), _resource_form())
    assert response.status_code == 302
    page = ResourcePage.objects.get(slug="new-courseware")
    assert page.owner == people["trainer"] and not page.live  # published by a province admin (moderation)


def test_a_restricted_resource_needs_its_organization(client, people):
    from library.models import ResourcePage

    client.force_login(people["province_admin"])
    response = client.post(_add_url(library_index()), _resource_form(access="restricted"))
    assert response.status_code == 200
    assert not ResourcePage.objects.filter(slug="new-courseware").exists()
