"""The "My CPD" page: this period's figures and shortfalls, the earlier periods, the chart with its table, and a
query count that does not grow with the number of entries."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cpd.models import CPDPeriod, CreditEntry
from cpd.services import reverse_credit
from standards.models import Topic

pytestmark = pytest.mark.django_db


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("cpd:my_cpd"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_figures_for_a_counselor_with_entries_in_two_periods(
    client, people, seeded_standards, this_year, last_year, credit
):
    counselor = people["jinan_counselor"]
    counsel, policy = Topic.objects.get(code="COUNSEL"), Topic.objects.get(code="POLICY")
    today = timezone.localdate()
    in_last_year = datetime.date(today.year - 1, 6, 1)
    credit(counselor, "course:1:enrollment:1", hours=Decimal("24.0"), topic=counsel)
    credit(counselor, "workshop:2:registration:1", hours=Decimal("16.0"), topic=counsel, kind="workshop")
    credit(counselor, "course:3:enrollment:1", hours=Decimal("10.5"), topic=policy, category="public")
    wrong = credit(counselor, "course:4:enrollment:1", hours=Decimal("30.0"), topic=policy)
    reverse_credit(wrong.pk, actor=people["jinan_admin"], reason="重复记录")
    credit(counselor, "course:5:enrollment:1", hours=Decimal("70.0"), topic=counsel, occurred_on=in_last_year)
    credit(counselor, "exam:6:attempt:1", hours=Decimal("12.0"), category="public", kind="exam",
           occurred_on=in_last_year)
    credit(people["qingdao_counselor"], "course:1:enrollment:2", hours=Decimal("40.0"), topic=counsel)

    client.force_login(counselor)
    response = client.get(reverse("cpd:my_cpd"))
    assert response.status_code == 200
    context = response.context
    assert context["period"] == this_year
    assert context["total"] == Decimal("50.5")
    assert context["professional"] == Decimal("40.0")
    assert context["public"] == Decimal("10.5")
    assert context["shortfall"] == Decimal("39.5")  # 90 - 50.5
    assert context["required_professional"] == Decimal("60.0")  # 90 × 0.667, to one decimal
    assert context["professional_shortfall"] == Decimal("20.0")
    assert context["by_topic"] == [(counsel.name, Decimal("40.0")), (policy.name, Decimal("10.5"))]
    assert dict(context["by_kind"]) == {
        str(CreditEntry.Kind.COURSE.label): Decimal("34.5"),
        str(CreditEntry.Kind.WORKSHOP.label): Decimal("16.0"),
    }
    [earlier] = context["earlier"]
    assert earlier["period"] == last_year
    assert (earlier["total"], earlier["professional"], earlier["public"]) == (
        Decimal("82.0"), Decimal("70.0"), Decimal("12.0")
    )
    assert earlier["met"]  # 82 ≥ 80, and 70 ≥ 80 × 0.667 = 53.4

    html = response.content.decode()
    assert 'role="img"' in html
    assert "aria-label=" in html
    assert "<script" not in html.split('<main id="main"')[1]
    assert html.count("<rect") == 2
    assert counsel.name in html and "40.0" in html and "39.5" in html


def test_a_counselor_without_credit_sees_the_whole_target_missing(client, people, this_year):
    client.force_login(people["qingdao_counselor"])
    response = client.get(reverse("cpd:my_cpd"))
    assert response.status_code == 200
    assert response.context["total"] == Decimal("0.0")
    assert response.context["shortfall"] == Decimal("90.0")
    assert response.context["earlier"] == []


def test_the_current_period_is_created_as_the_calendar_year_when_missing(client, people):
    assert not CPDPeriod.objects.exists()
    client.force_login(people["jinan_counselor"])
    assert client.get(reverse("cpd:my_cpd")).status_code == 200
    period = CPDPeriod.objects.get()
    year = timezone.localdate().year
    assert (period.starts_on, period.ends_on) == (datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    assert (period.target_hours, period.min_professional_share) == (Decimal("90.0"), Decimal("0.667"))
    assert CPDPeriod.current() == period


def test_overlapping_periods_are_refused(this_year):
    from django.core.exceptions import ValidationError

    overlapping = CPDPeriod(name="x", starts_on=this_year.ends_on, ends_on=this_year.ends_on + datetime.timedelta(1))
    with pytest.raises(ValidationError):
        overlapping.full_clean()
    backwards = CPDPeriod(name="y", starts_on=datetime.date(2001, 5, 1), ends_on=datetime.date(2001, 4, 1))
    with pytest.raises(ValidationError):
        backwards.full_clean()


def add_entries(counselor, count: int, topics: list[Topic], start: int = 0) -> None:
    today = timezone.localdate()
    CreditEntry.objects.bulk_create(
        CreditEntry(
            counselor=counselor,
            hours=Decimal("1.5"),
            category=CreditEntry.Category.PROFESSIONAL if n % 3 else CreditEntry.Category.PUBLIC,
            kind=CreditEntry.Kind.values[n % 6],
            topic=topics[n % len(topics)],
            source_ref=f"bulk:{start + n}",
            title=f"课程{n}",
            occurred_on=today - datetime.timedelta(days=(n % 700)),
        )
        for n in range(count)
    )


def queries_for(client, user) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("cpd:my_cpd")).status_code == 200
    return len(captured)


def test_my_cpd_runs_as_many_queries_for_5000_entries_as_for_5(
    client, people, seeded_standards, this_year, last_year
):
    counselor = people["jinan_counselor"]
    topics = list(Topic.objects.all())
    add_entries(counselor, 5, topics)
    queries_for(client, counselor)  # warm up: the session and the current period exist from now on
    few = queries_for(client, counselor)
    add_entries(counselor, 4995, topics, start=5)
    assert CreditEntry.objects.filter(counselor=counselor).count() == 5000
    many = queries_for(client, counselor)
    print(f"My CPD queries: {few} for 5 entries, {many} for 5,000 entries")
    assert few == many
    assert few <= 10  # session, user, groups and permissions, period, grouped sums, topics, earlier periods


def test_the_dashboard_and_the_header_link_to_my_cpd(client, people):
    client.force_login(people["jinan_counselor"])
    response = client.get(reverse("home:dashboard"))
    assert reverse("cpd:my_cpd") in [link.url for link in response.context["links"]]
    client.force_login(people["trainer"])
    response = client.get(reverse("home:dashboard"))
    assert reverse("cpd:my_cpd") not in [link.url for link in response.context["links"]]
    assert f'href="{reverse("cpd:my_cpd")}"' in response.content.decode()  # the header nav, for everyone signed in
