"""The public pages are cached: an anonymous visitor who finds a page in the cache costs no query, shared caches may
keep it for five minutes, and every change to a feature or an image (saved, deleted, withdrawn, edited in the
admin) renews the cache once its transaction commits. Each language has its own copy."""

import pytest
from django.urls import reverse

from showcase import listing, services
from showcase.models import Feature
from tests.helpers import body
from tests.showcase.conftest import make_image

pytestmark = pytest.mark.django_db

HUB = "/showcase/"


def test_anonymous_visitors_get_a_shared_cacheable_page_that_costs_no_query(client, winners,
                                                                            django_assert_num_queries):
    response = client.get(HUB)
    assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]
    urls = (HUB, reverse("showcase:kind", args=["star"]), reverse("showcase:group", args=["competition:1"]))
    for url in urls:
        client.get(url)
    with django_assert_num_queries(0):
        for url in urls:
            assert client.get(url).status_code == 200


def test_signed_in_readers_share_the_data_but_not_the_public_header(client, people, winners):
    client.get(HUB)
    client.force_login(people["jinan_counselor"])
    response = client.get(HUB)
    assert "张明" in body(response) and "public" not in response.get("Cache-Control", "")


def renewed(client, django_capture_on_commit_callbacks, change) -> str:
    """The hub after `change` commits (the cache was filled before it)."""
    client.get(HUB)
    with django_capture_on_commit_callbacks(execute=True):
        change()
    return body(client.get(HUB))


def test_a_republished_feature_shows_at_once(client, winners, django_capture_on_commit_callbacks, people):
    def change():
        services.feature(people["jinan_counselor"], kind=Feature.Kind.COMPETITION, group_key="competition:1",
                         group_title="2025年山东省职业指导技能竞赛", year=2025, city=None, title="新晋获奖者",
                         honour="一等奖")

    assert "新晋获奖者" in renewed(client, django_capture_on_commit_callbacks, change)


def test_an_edited_feature_shows_at_once(client, winners, django_capture_on_commit_callbacks):
    def change():
        winners["first"].title = "张明明"
        winners["first"].save()

    assert "张明明" in renewed(client, django_capture_on_commit_callbacks, change)


def test_a_withdrawn_feature_leaves_at_once(client, winners, django_capture_on_commit_callbacks, people):
    feature = services.feature(people["qingdao_counselor"], kind=Feature.Kind.STAR, group_key="award:3",
                               group_title="之星", year=2024, city=None, title="撤回之星", honour="职业指导之星")
    page = renewed(client, django_capture_on_commit_callbacks,
                   lambda: services.withdraw(people["qingdao_counselor"], kind=Feature.Kind.STAR))
    assert "撤回之星" not in page
    feature.refresh_from_db()
    assert feature.hidden


def test_a_deleted_feature_leaves_at_once(client, winners, django_capture_on_commit_callbacks):
    assert "赵敏" not in renewed(client, django_capture_on_commit_callbacks, winners["star"].delete)


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")  # Wagtail's rendition writer
def test_a_new_photo_and_a_deleted_image_show_at_once(client, winners, django_capture_on_commit_callbacks):
    image = make_image()

    def attach():
        winners["first"].image = image
        winners["first"].save()

    page = renewed(client, django_capture_on_commit_callbacks, attach)
    assert "/media/images/photo" in page and ".fill-480x320" in page
    page = renewed(client, django_capture_on_commit_callbacks, image.delete)  # SET_NULL: no feature signal, the image's
    assert "/media/images/photo" not in page


def test_nothing_changes_without_a_commit(client, winners):
    client.get(HUB)
    Feature.objects.filter(pk=winners["first"].pk).update(title="未提交的修改")
    assert "未提交的修改" not in body(client.get(HUB))
    listing.invalidate()
    assert "未提交的修改" in body(client.get(HUB))


def test_each_language_has_its_own_copy(client, winners, settings):
    assert "一等奖" in body(client.get(reverse("showcase:group", args=["competition:1"])))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = body(client.get(reverse("showcase:group", args=["competition:1"])))
    assert "First prize" in page and "一等奖" not in page


def test_made_up_group_keys_are_not_kept_in_the_cache(client, db, monkeypatch):
    from django.core.cache import cache

    written = []
    real_set = cache.set
    monkeypatch.setattr(cache, "set", lambda key, *args, **kwargs: (written.append(key), real_set(key, *args,
                                                                                                   **kwargs)))
    for index in range(20):
        assert client.get(reverse("showcase:group", args=[f"made-up:{index}"])).status_code == 404
    assert not [key for key in written if key.startswith("showcase:") and key != listing.VERSION_KEY]
