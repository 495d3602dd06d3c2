"""The demo library loader: resources from the data module with generated PDFs, restricted ones to their
organization, reading lists; running it twice changes nothing."""

import pytest

from home import demo_library
from home.demo_content import resources as data
from library.access import can_open
from library.models import Bookmark, Download, PrivateDocument, ReadingList, ResourcePage
from people.models import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sample(monkeypatch, tree):
    restricted = next(item for item in data.RESOURCES if item["access"] == "restricted" and item["attachment"])
    public = next(item for item in data.RESOURCES if item["access"] == "public" and item["attachment"])
    restricted = {**restricted, "restricted_to": "sdu"}
    monkeypatch.setattr(demo_library, "RESOURCES", [public, restricted])
    monkeypatch.setattr(
        demo_library,
        "READING_LISTS",
        [{"title": "样例书单", "level": "level-5", "intro": "……", "resources": [public["slug"], "missing-slug"]}],
    )
    UserFactory(email="counselor@demo.example", organization=tree["jinan_agency"], roles=[Role.COUNSELOR])
    return public, restricted


def test_load_builds_the_library_once(sample, tree):
    public, restricted = sample
    demo_library.load()
    demo_library.load()
    assert ResourcePage.objects.count() == 2
    assert PrivateDocument.objects.count() == 2
    assert ReadingList.objects.get().items.count() == 1
    assert Bookmark.objects.count() == Download.objects.count() == 1
    document = PrivateDocument.objects.get(title=public["title"])
    with document.file.open("rb") as handle:
        assert handle.read(4) == b"%PDF"
    page = ResourcePage.objects.get(slug=restricted["slug"])
    assert page.access == ResourcePage.Access.RESTRICTED and page.restricted_to == tree["jinan_university"]
    outsider = UserFactory(email="out@example.cn", organization=tree["qingdao_agency"])
    insider = UserFactory(email="in@example.cn", organization=tree["jinan_university"])
    assert not can_open(outsider, page) and can_open(insider, page)
