"""The public directory and a studio's page: fixed queries whatever the number of studios, served from the cache
until something it shows changes, filters by city and service without a script, paginated."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from people.models import Role
from studios import services
from studios.directory import PAGE_SIZE
from studios.models import Studio, StudioMembership
from tests.factories import UserFactory
from tests.studios.conftest import make_studio

pytestmark = pytest.mark.django_db


def build(tree, topics, count, start=0):
    cities = [tree["jinan_agency"], tree["qingdao_agency"], tree["jinan_university"]]
    studios = []
    for index in range(start, start + count):
        lead = UserFactory(organization=cities[index % 3], roles=[Role.COUNSELOR])
        studio = make_studio(cities[index % 3], lead, name=f"职业指导工作室{index:02d}",
                             services=[topics["COUNSEL"], topics["PLAN"], topics["ASSIST"]])
        StudioMembership.objects.create(studio=studio, member=UserFactory(organization=cities[index % 3]))
        studios.append(studio)
    return studios


def queries(client, url) -> int:
    from django.core.cache import cache

    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("page", ["directory", "detail"])
def test_fixed_queries_for_1_and_30_studios(client, tree, topics, page):
    studios = build(tree, topics, 1)
    url = reverse("studios:directory") if page == "directory" else studios[0].get_absolute_url()
    one = queries(client, url)
    studios += build(tree, topics, 29, start=1)
    many = queries(client, url if page == "directory" else studios[-1].get_absolute_url())
    assert one == many, (one, many)
    assert one <= 8


def test_anonymous_visitors_are_served_from_the_cache(client, tree, topics, django_assert_num_queries):
    studios = build(tree, topics, 3)
    client.get(reverse("studios:directory"))
    client.get(studios[0].get_absolute_url())
    with django_assert_num_queries(0):
        response = client.get(reverse("studios:directory"))
        client.get(studios[0].get_absolute_url())
    assert "public" in response["Cache-Control"]


def test_changes_show_at_once(client, tree, topics, people):
    studio = build(tree, topics, 1)[0]
    assert "周日休息" not in client.get(studio.get_absolute_url()).content.decode()
    services.update_public_details(studio.pk, actor=studio.lead, opening_hours="周一至周六 9:00–17:00，周日休息")
    assert "周日休息" in client.get(studio.get_absolute_url()).content.decode()
    Studio.objects.get(pk=studio.pk).save()  # an admin save
    studio.status = Studio.Status.CLOSED
    studio.save()
    assert client.get(studio.get_absolute_url()).status_code == 404
    assert studio.name not in client.get(reverse("studios:directory")).content.decode()


def test_filters_by_city_and_service_and_ignores_odd_values(client, tree, topics, people):
    jinan = make_studio(tree["jinan_agency"], people["jinan_counselor"], name="济南创业指导站",
                        services=[topics["STARTUP"]])
    qingdao = make_studio(tree["qingdao_agency"], people["qingdao_counselor"], name="青岛生涯规划工作室",
                          services=[topics["PLAN"]])
    url = reverse("studios:directory")
    page = client.get(url, {"city": tree["jinan"].code}).content.decode()
    assert jinan.name in page and qingdao.name not in page
    page = client.get(url, {"service": "PLAN"}).content.decode()
    assert qingdao.name in page and jinan.name not in page
    page = client.get(url, {"city": "<script>", "service": "NOPE", "page": "99999999999"}).content.decode()
    assert jinan.name in page and qingdao.name in page and "<script>" not in page


def test_the_directory_is_paginated(client, tree, topics):
    build(tree, topics, PAGE_SIZE + 1)
    first = client.get(reverse("studios:directory")).content.decode()
    second = client.get(reverse("studios:directory"), {"page": 2}).content.decode()
    assert first.count("data-studio=") == PAGE_SIZE and second.count("data-studio=") == 1
    assert "?city=&amp;service=&amp;page=2" in first


def test_a_rating_shows_with_its_date(client, studio, standard):
    from decimal import Decimal

    from django.utils import timezone

    Studio.objects.filter(pk=studio.pk).update(rating=Studio.Rating.EXCELLENT, rating_score=Decimal("93.5"),
                                               rated_on=timezone.localdate())
    from studios.directory import invalidate_directory

    invalidate_directory()
    page = client.get(studio.get_absolute_url()).content.decode()
    assert "93.5" in page and timezone.localdate().isoformat() in page
