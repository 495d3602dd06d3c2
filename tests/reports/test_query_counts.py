"""Every report page and staff home runs the same number of queries at two data sizes (a fixed count, whatever the
number of counselors, enrollments, ledger rows or universities), for the province admin and for a city admin."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

pytestmark = pytest.mark.django_db

PAGES = ["reports:completion", "reports:compliance", "reports:progression", "reports:workshops",
         "reports:staffing", "wagtailadmin_home"]


def queries_for(client, url) -> int:
    client.get(url)  # warm the per-process caches (content types, site root)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("who", ["province_admin", "jinan_admin"])
@pytest.mark.parametrize("page", PAGES)
def test_query_count_does_not_grow_with_the_data(client, people, populate, universities, who, page,
                                                 django_assert_num_queries):
    client.force_login(people[who])
    url = reverse(page)
    populate(2)
    universities(2)
    small = queries_for(client, url)
    populate(7)
    universities(30)
    client.get(url)
    with django_assert_num_queries(small):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("page", ["reports:completion", "reports:staffing"])
def test_second_pages_run_the_same_queries(client, people, populate, universities, page, django_assert_num_queries):
    client.force_login(people["province_admin"])
    populate(30)
    universities(30)
    url = reverse(page)
    first = queries_for(client, url)
    client.get(url, {"p": 2})
    with django_assert_num_queries(first):
        assert client.get(url, {"p": 2}).status_code == 200


def test_the_trainer_home_runs_fixed_queries(client, people, populate, make_course, django_assert_num_queries):
    from courses.models import CourseTrainer

    client.force_login(people["trainer"])
    populate(2)
    for course in populate.courses.values():
        CourseTrainer.objects.create(course=course, user=people["trainer"])
    small = queries_for(client, reverse("wagtailadmin_home"))
    populate(12)
    client.get(reverse("wagtailadmin_home"))
    with django_assert_num_queries(small):
        client.get(reverse("wagtailadmin_home"))
