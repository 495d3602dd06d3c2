"""Award pages run a fixed number of queries whatever the number of rows: the queue for 1 or 12 nominations, the
dossier of 1 or 12 stars (each with credit, a level and certificates), and the nomination page of a star with 1 or
12 of each record."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.dossiers import dossier
from awards.models import Nomination
from cpd.models import Certificate, CreditEntry
from cpd.services import issue_certificate, record_credit
from people.models import Role
from standards.models import Level
from tests.awards.conftest import quota
from tests.factories import LevelRecordFactory, UserFactory
from tests.helpers import body


def _star(index, people, tree, cycle, award_types, records=1):
    counselor = UserFactory(email=f"q{index}@example.cn", real_name=f"候选人{index}", organization=tree["jinan_agency"],
                            roles=[Role.COUNSELOR])
    LevelRecordFactory(holder=counselor, level=Level.objects.get(code="level-3"))
    for n in range(records):
        record_credit(counselor, hours=8, category=CreditEntry.Category.PROFESSIONAL, kind=CreditEntry.Kind.WORKSHOP,
                      source_ref=f"test:{index}:{n}", title="研修", occurred_on=datetime.date(2026, 3, 1))
        issue_certificate(counselor, kind=Certificate.Kind.WORKSHOP_ATTENDANCE, title=f"研修证书{n}", issuer="省厅",
                          issued_on=datetime.date(2026, 3, 1), source_ref=f"test:{index}:{n}")
    return Nomination.objects.create(
        cycle=cycle, award_type=award_types["star"], quota=quota(cycle, award_types, "star"),
        organization=tree["jinan"], nominated_by=people["jinan_admin"], nominee_user=counselor,
        nominee_title=counselor.real_name, statement="业绩突出", status=Nomination.Status.SUBMITTED,
    )


def _count(call) -> int:
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured)


@pytest.fixture
def measure(client, people):
    def run(url, user=None):
        client.force_login(user or people["province_admin"])
        client.get(url)  # warm caches (content types, site root paths)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        return len(captured), body(response)
    return run


def test_the_queue_runs_the_same_queries_for_1_and_12_nominations(measure, people, tree, cycle, award_types):
    _star(0, people, tree, cycle, award_types)
    one, _ = measure(reverse("awards_queue") + "?status=submitted")
    for index in range(1, 12):
        _star(index, people, tree, cycle, award_types)
    many, page = measure(reverse("awards_queue") + "?status=submitted")
    assert page.count("候选人") >= 12
    assert one == many
    scoped_one, _ = measure(reverse("awards_queue"), people["jinan_admin"])
    assert scoped_one == measure(reverse("awards_queue"), people["jinan_admin"])[0]


def test_the_dossier_of_1_or_12_stars_loads_in_the_same_queries(rf, people, tree, cycle, award_types):
    nominations = [_star(index, people, tree, cycle, award_types, records=2) for index in range(12)]
    request = rf.get("/")
    request.user = people["province_admin"]
    loaded = list(Nomination.objects.filter(pk__in=[n.pk for n in nominations]).select_related("award_type", "cycle"))
    one = _count(lambda: dossier(loaded[:1], request))
    many = _count(lambda: dossier(loaded, request))
    assert one == many  # level records, CPD totals, certificates, the evaluation record: each one load for all
    sections = dossier(loaded[:1], request)[loaded[0].pk]
    assert [section["key"] for section in sections] == ["level", "cpd", "certificates", "evaluations"]
    assert "16" in sections[1]["html"]  # 2 × 8 hours in the cycle


@pytest.mark.parametrize("records", [1, 12])
def test_the_nomination_page_is_fixed_whatever_the_records(measure, people, tree, cycle, award_types, records):
    nomination = _star(0, people, tree, cycle, award_types, records=records)
    count, page = measure(reverse("awards_nomination", args=[nomination.pk]))
    assert "研修证书" in page
    assert count <= 22, count  # session, user, permissions, nomination, panel, publicity, history, 3 sections …


def test_the_nomination_page_counts_match(measure, people, tree, cycle, award_types):
    few = _star(0, people, tree, cycle, award_types, records=1)
    lots = _star(1, people, tree, cycle, award_types, records=12)
    assert measure(reverse("awards_nomination", args=[few.pk]))[0] == measure(
        reverse("awards_nomination", args=[lots.pk]))[0]
