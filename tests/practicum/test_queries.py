"""Placement pages run the same number of queries whatever the number of placements or log entries."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from practicum import services
from practicum.models import LogEntry, Placement
from tests.practicum.conftest import count_queries, fields


def _placements(people, partners, count):
    for index in range(count):
        placement = services.create_placement(people["jinan_admin"], counselor=people["jinan_counselor"],
                                              **fields(partners["jinan"], title=f"实践{index}"))
        LogEntry.objects.create(placement=placement, day=placement.starts_on, hours=4, activities="实践")
        Placement.objects.filter(pk=placement.pk).update(status=Placement.Status.IN_PROGRESS)


def _entries(placement, count):
    start = timezone.localdate() - datetime.timedelta(days=count + 1)
    Placement.objects.filter(pk=placement.pk).update(starts_on=start, planned_hours=999,
                                                     status=Placement.Status.IN_PROGRESS)
    LogEntry.objects.bulk_create([
        LogEntry(placement=placement, day=start + datetime.timedelta(days=i), hours=3, activities=f"第{i}天")
        for i in range(count)
    ])


@pytest.mark.parametrize("url_name", ["practicum:mine", "practicum_queue"])
def test_listings_run_fixed_queries(client, people, partners, url_name):
    counts = []
    for total in (1, 25):
        _placements(people, partners, total if not counts else total - 1)
        client.force_login(people["jinan_counselor" if url_name == "practicum:mine" else "jinan_admin"])
        url = reverse(url_name) + ("?status=all" if url_name == "practicum_queue" else "")
        client.get(url)
        counts.append(count_queries(lambda url=url: client.get(url)))
    assert Placement.objects.count() == 25
    assert counts[0] == counts[1], counts


@pytest.mark.parametrize("who", ["jinan_counselor", "jinan_admin"])
def test_placement_page_runs_fixed_queries(client, people, planned, who):
    client.force_login(people[who])
    url = reverse("practicum:placement", args=[planned.pk])
    _entries(planned, 1)
    client.get(url)
    one = count_queries(lambda: client.get(url))
    LogEntry.objects.all().delete()
    _entries(planned, 30)
    many = count_queries(lambda: client.get(url))
    assert one == many, (one, many)


def test_sign_off_page_runs_fixed_queries(client, people, planned, django_capture_on_commit_callbacks):
    from tests.practicum.conftest import token_from_mail

    _entries(planned, 1)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit(planned.pk, people["jinan_counselor"])
    url = reverse("practicum:signoff", args=[token_from_mail()])
    client.get(url)
    one = count_queries(lambda: client.get(url))
    LogEntry.objects.bulk_create([
        LogEntry(placement=planned, day=planned.starts_on - datetime.timedelta(days=i), hours=1, activities="x")
        for i in range(1, 30)
    ])
    many = count_queries(lambda: client.get(url))
    assert one == many, (one, many)
