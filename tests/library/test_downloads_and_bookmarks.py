"""Downloads count once per person, resource and day (database-enforced); bookmarks are kept and listed."""

import pytest
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from library import services
from library.listing import most_used
from library.models import Bookmark, Download, ResourcePage
from tests.db_restore import migrated_data_kept, migrated_data_snapshot  # noqa: F401 - keep migrated rows
from tests.helpers import run_together
from tests.library.builders import attach, resource


@pytest.mark.django_db
def test_a_download_counts_once_a_day(client, people):
    page = resource("职业生涯规划课件")
    attachment = attach(page)
    client.force_login(people["jinan_counselor"])
    for _ in range(3):
        response = client.get(reverse("library:download", args=[attachment.pk]))
        assert response.status_code == 200
        b"".join(response.streaming_content)  # reading to the end closes the file
    assert Download.objects.filter(resource=page).count() == 1
    with pytest.raises(IntegrityError):
        Download.objects.create(user=people["jinan_counselor"], resource=page, day=timezone.localdate())


@pytest.mark.django_db
def test_most_used_orders_by_people_and_hides_what_the_user_cannot_open(people, tree):
    popular = resource("热门资源")
    quiet = resource("冷门资源")
    secret = resource("青岛内部", access=ResourcePage.Access.RESTRICTED, restricted_to=tree["qingdao"])
    for person in ("jinan_counselor", "trainer", "province_admin"):
        services.record_download(people[person], popular)
    services.record_download(people["jinan_counselor"], quiet)
    Download.objects.create(user=people["qingdao_counselor"], resource=secret, day=timezone.localdate())
    Download.objects.create(user=people["qingdao_admin"], resource=secret, day=timezone.localdate())
    assert [page.pk for page in most_used(people["jinan_counselor"])] == [popular.pk, quiet.pk]


@pytest.mark.postgres
def test_simultaneous_downloads_count_once(
    migrated_data_kept, transactional_db, django_db_serialized_rollback, people  # noqa: F811
):
    page = resource("并发下载")
    person = people["jinan_counselor"]
    outcomes = run_together(*[lambda: services.record_download(person, page)] * 4)
    assert sorted(outcomes) == [False, False, False, True]
    assert Download.objects.filter(resource=page).count() == 1


@pytest.mark.django_db
def test_bookmarks_are_added_once_listed_and_removed(client, people):
    page = resource("就业援助案例")
    client.force_login(people["jinan_counselor"])
    url = reverse("library:bookmark", args=[page.pk])
    client.post(url, {"action": "add"})
    client.post(url, {"action": "add"})
    assert Bookmark.objects.filter(resource=page).count() == 1
    listing = client.get(reverse("library:bookmarks"))
    assert "就业援助案例" in listing.content.decode()
    client.post(url, {"action": "remove"})
    assert not Bookmark.objects.exists()
    assert client.post(url, {"action": "nonsense"}).status_code == 302
    assert client.get(url).status_code == 405


@pytest.mark.django_db
def test_a_restricted_resource_cannot_be_bookmarked_from_outside(client, people, tree):
    page = resource("青岛内部", access=ResourcePage.Access.RESTRICTED, restricted_to=tree["qingdao"])
    client.force_login(people["jinan_counselor"])
    assert client.post(reverse("library:bookmark", args=[page.pk]), {"action": "add"}).status_code == 404
    assert not Bookmark.objects.exists()


@pytest.mark.django_db
def test_my_bookmarks_runs_a_fixed_number_of_queries(client, people):
    person = people["jinan_counselor"]
    client.force_login(person)

    def count_queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("library:bookmarks")).status_code == 200
        return len(captured)

    services.bookmark(person, resource("书签一"))
    count_queries()  # the first request also caches the site's root paths
    few = count_queries()
    for number in range(8):
        services.bookmark(person, resource(f"书签{number + 2}"))
    assert count_queries() == few


@pytest.mark.django_db
def test_the_library_page_runs_a_fixed_number_of_queries(client, people):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from library.models import ReadingList, ReadingListItem
    from tests.library.builders import library_index

    index = library_index()
    client.force_login(people["jinan_counselor"])

    def count_queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(index.url).status_code == 200
        return len(captured)

    def add(number):
        page = resource(f"资源{number}")
        services.record_download(people["jinan_counselor"], page)
        reading_list = ReadingList.objects.create(title=f"书单{number}")
        ReadingListItem.objects.create(reading_list=reading_list, resource=page)

    add(0)
    count_queries()
    few = count_queries()
    for number in range(1, 25):
        add(number)
    assert count_queries() == few
