"""The 首席 path: only 一级 holders are nominated; self-nominations wait for the city; the panel's result recommends;
appointment gives the term, the title's level record and the certificate exactly once; reminders once; the roll."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from certification.models import LevelRecord
from chiefs import services, terms
from chiefs.models import Appointment, Nomination
from cpd.models import Certificate
from experts.models import PanelSeat
from experts.services import submit_score
from standards.holdings import current_level
from tests.chiefs.conftest import pdf
from tests.experts.builders import full_marks
from tests.helpers import body

pytestmark = pytest.mark.django_db


def nominate(actor, nominee, chief_round, **kwargs):
    fields = {"route": "competition", "statement": "长期从事高校就业指导", "achievements": "全省职业指导技能竞赛一等奖",
              "files": [pdf()]}
    fields.update(kwargs)
    return services.nominate(actor, round_id=chief_round.pk, nominee=nominee, **fields)


def test_only_level_1_holders_may_be_nominated(people, chief_round, ladder):
    with pytest.raises(services.ChiefError) as error:
        nominate(people["jinan_admin"], people["jinan_counselor"], chief_round)
    assert error.value.code == "not_eligible"


def test_a_city_admin_nominates_only_their_own_people(people, holder, chief_round):
    with pytest.raises(services.ChiefError) as error:
        nominate(people["qingdao_admin"], holder, chief_round)
    assert error.value.code == "forbidden"
    nomination = nominate(people["jinan_admin"], holder, chief_round)
    assert nomination.status == Nomination.Status.ENDORSED and nomination.city == people["jinan_admin"].organization
    with pytest.raises(services.ChiefError) as error:
        nominate(people["jinan_admin"], holder, chief_round)
    assert error.value.code == "already_nominated"


def test_evidence_is_required_and_checked_by_content(people, holder, chief_round):
    for files, code in (([], "evidence_required"), ([pdf("假.pdf").__class__("假.pdf", b"not a pdf")], "invalid_type")):
        with pytest.raises(services.ChiefError) as error:
            nominate(people["jinan_admin"], holder, chief_round, files=files)
        assert error.value.code == code
    assert not Nomination.objects.exists()


def test_a_self_nomination_waits_for_the_city_and_not_for_oneself(people, holder, chief_round):
    nomination = nominate(holder, holder, chief_round)
    assert nomination.status == Nomination.Status.AWAITING_ENDORSEMENT
    with pytest.raises(services.ChiefError):
        services.endorse_nomination(nomination.pk, actor=holder)
    with pytest.raises(services.ChiefError) as error:
        services.endorse_nomination(nomination.pk, actor=people["qingdao_admin"])
    assert error.value.code == "not_found"
    services.endorse_nomination(nomination.pk, actor=people["jinan_admin"])
    with pytest.raises(services.ChiefError) as error:
        services.return_nomination(nomination.pk, actor=people["province_admin"], reason="材料不全")
    assert error.value.code == "already_decided"


def test_a_closed_round_takes_no_nominations(people, holder, chief_round):
    chief_round.nominations_close_on = timezone.localdate() - datetime.timedelta(days=1)
    chief_round.save()
    with pytest.raises(services.ChiefError) as error:
        nominate(people["jinan_admin"], holder, chief_round)
    assert error.value.code == "round_closed"


def review(nomination, chief_round, people, values):
    services.start_review(chief_round.pk, actor=people["province_admin"])
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.IN_REVIEW
    seats = list(PanelSeat.objects.filter(panel__object_id=nomination.pk, panel__purpose="chiefs.review"))
    assert len(seats) == 3
    assert all(seat.expert.organization.name != "济南市公共就业服务中心" for seat in seats)
    for seat, value in zip(seats, values, strict=True):
        submit_score(seat.pk, user=seat.expert.user, scores=full_marks(chief_round.rubric, value))
    nomination.refresh_from_db()
    return nomination


def test_review_appointment_certificate_and_title_exactly_once(people, holder, chief_round, chief_pool, ladder):
    nomination = nominate(people["jinan_admin"], holder, chief_round)
    nomination = review(nomination, chief_round, people, (80, 85, 90))
    assert (nomination.status, nomination.review_score) == (Nomination.Status.RECOMMENDED, Decimal("85.00"))
    with pytest.raises(services.ChiefError):
        services.appoint(nomination.pk, actor=people["jinan_admin"])  # province admins appoint
    first = services.appoint(nomination.pk, actor=people["province_admin"], starts_on=datetime.date(2026, 7, 1))
    again = services.appoint(nomination.pk, actor=people["province_admin"])
    assert first == again and Appointment.objects.count() == 1
    assert (first.starts_on, first.ends_on) == (datetime.date(2026, 7, 1), datetime.date(2029, 7, 1))
    assert first.duties.startswith("牵头开展")
    assert LevelRecord.objects.filter(holder=holder, level=ladder["chief"], basis="appointed").count() == 1
    assert Certificate.objects.filter(holder=holder, kind=Certificate.Kind.AWARD).count() == 1
    assert current_level(holder) == ladder["chief"]


def test_a_low_panel_result_is_not_recommended(people, holder, chief_round, chief_pool):
    nomination = review(nominate(people["jinan_admin"], holder, chief_round), chief_round, people, (60, 65, 70))
    assert nomination.status == Nomination.Status.NOT_RECOMMENDED
    with pytest.raises(services.ChiefError) as error:
        services.appoint(nomination.pk, actor=people["province_admin"])
    assert error.value.code == "not_recommended"


def test_the_term_reminder_is_sent_once_and_the_title_ends_with_the_term(
    people, holder, chief_round, chief_pool, ladder
):
    nomination = review(nominate(people["jinan_admin"], holder, chief_round), chief_round, people, (80, 85, 90))
    today = timezone.localdate()
    appointment = services.appoint(nomination.pk, actor=people["province_admin"],
                                   starts_on=today - datetime.timedelta(days=3 * 365 - 30))
    assert terms.send_reminders() == 1
    assert terms.send_reminders() == 0
    assert len(mail.outbox) == 1 and holder.email in mail.outbox[0].to
    Appointment.objects.filter(pk=appointment.pk).update(ends_on=today - datetime.timedelta(days=1))
    assert terms.end_finished_terms() == 1
    assert terms.end_finished_terms() == 0
    assert current_level(holder) == ladder["level-1"]


def test_the_public_roll_is_cached_for_anonymous_visitors(
    client, people, holder, chief_round, chief_pool, django_assert_num_queries
):
    nomination = review(nominate(people["jinan_admin"], holder, chief_round), chief_round, people, (80, 85, 90))
    services.appoint(nomination.pk, actor=people["province_admin"])
    response = client.get(reverse("chiefs:roll"))
    assert holder.real_name in body(response) and "济南市" in body(response)
    assert "public" in response["Cache-Control"]
    with django_assert_num_queries(0):
        assert client.get(reverse("chiefs:roll")).status_code == 200


def test_self_nomination_page(client, people, holder, chief_round):
    client.force_login(people["qingdao_counselor"])  # not a 一级 holder
    assert "一级" in body(client.get(reverse("chiefs:nominate")))
    client.force_login(holder)
    response = client.post(reverse("chiefs:nominate"), {
        "round": chief_round.pk, "route": "evaluation", "statement": "申请", "achievements": "成果", "files": [pdf()],
    })
    assert response.status_code == 302
    assert Nomination.objects.get().status == Nomination.Status.AWAITING_ENDORSEMENT
    bad = client.post(reverse("chiefs:nominate"), {"round": "x\x00", "route": "nope"})
    assert bad.status_code == 400


def test_evidence_is_private_to_nominee_admins_in_scope_and_seated_experts(
    client, people, holder, chief_round, chief_pool
):
    nomination = nominate(people["jinan_admin"], holder, chief_round)
    url = reverse("chiefs:evidence", args=[nomination.evidence.get().pk])
    client.force_login(people["qingdao_admin"])
    assert client.get(url).status_code == 404
    client.force_login(chief_pool[0].user)  # an expert not (yet) seated
    assert client.get(url).status_code == 404
    services.start_review(chief_round.pk, actor=people["province_admin"])
    seat = PanelSeat.objects.filter(panel__object_id=nomination.pk).first()
    for user in (seat.expert.user, holder):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF-")


def test_admin_queue_is_scoped(client, people, holder, chief_round):
    nominate(holder, holder, chief_round)
    client.force_login(people["qingdao_admin"])
    assert holder.real_name not in body(client.get(reverse("chiefs_queue")))
    client.force_login(people["jinan_admin"])
    page = body(client.get(reverse("chiefs_queue")))
    assert holder.real_name in page and "获奖证书.pdf" in page


@pytest.mark.parametrize("count", [1, 30])
def test_admin_queue_runs_the_same_queries_for_1_and_30_nominations(
    client, people, chief_round, tree, count, django_assert_num_queries
):
    from chiefs.models import NominationEvidence
    from tests.factories import counselor

    for index in range(count):
        nominee = counselor(organization=tree["jinan_agency"], email=f"n{index}@example.cn")
        nomination = Nomination.objects.create(
            round=chief_round, nominee=nominee, nominated_by=nominee, city=tree["jinan"], route="evaluation",
            statement="s", achievements="a", status=Nomination.Status.AWAITING_ENDORSEMENT,
        )
        NominationEvidence.objects.create(nomination=nomination, file="chiefs/x.pdf", original_name="x.pdf", size=9,
                                          content_type="application/pdf")
    client.force_login(people["jinan_admin"])
    client.get(reverse("chiefs_queue"))
    # session, user, groups, permissions, status counts, page count and rows, evidence, panels, rounds, admin chrome
    with django_assert_num_queries(16):
        assert client.get(reverse("chiefs_queue")).status_code == 200


@pytest.mark.parametrize("query", ["?page=abc", "?page=\x00", "?page=99999999999999999999"])
def test_odd_roll_queries_are_no_500(client, db, query):
    """Odd page numbers show the roll; a control character is refused at the edge (lms.input) with a 400."""
    expected = 400 if "\x00" in query else 200
    assert client.get(reverse("chiefs:roll") + query).status_code == expected
