"""Publication: the publicity period with objections, then publishing once: credit once per entry and round, one
certificate per prize (a team's to its registrar), showcase features for the final's winners, one e-mail each;
twice (or a retry) changes nothing."""

import datetime
from decimal import Decimal as D

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from competitions import ranking, results
from competitions.judging import JudgingError
from competitions.models import Round, RoundEntry
from competitions.results_tasks import send_notice
from cpd.models import Certificate, CreditEntry
from experts.models import Objection, Publicity
from experts.services import file_objection, resolve_objection
from showcase.models import Feature
from tests.competitions.results_builders import make_competition, make_entry, make_round
from tests.db_restore import migrated_data_kept, migrated_data_snapshot  # noqa: F401 - keep the migrated rows
from tests.helpers import body, run_together


@pytest.fixture
def ranked_final(tree, people):
    """A knowledge final, ranked: Jinan counselor first, Qingdao counselor second, a Qingdao team third."""
    competition = make_competition(tree["province"])
    final = make_round(competition, format=Round.Format.KNOWLEDGE, first_prizes=1, second_prizes=1,
                       third_prizes=1, credit_hours=D("8"), status=Round.Status.OPEN)
    rows = {
        "first": make_entry(competition, final, entrant=people["jinan_counselor"], organization=tree["jinan_agency"],
                            score=D("95")),
        "second": make_entry(competition, final, entrant=people["qingdao_counselor"],
                             organization=tree["qingdao_agency"], score=D("90")),
        "team": make_entry(competition, final, title="海大追梦队", organization=tree["qingdao_university"],
                           registered_by=people["qingdao_admin"], score=D("85")),
    }
    ranking.rank_round(final, people["province_admin"])
    return final, rows


def _end_publicity(round_):
    Publicity.objects.for_subject(round_).update(starts_on=timezone.localdate() - datetime.timedelta(days=8),
                                                 ends_on=timezone.localdate() - datetime.timedelta(days=1))


def test_publication_waits_for_the_publicity_and_its_objections(people, ranked_final):
    final, _rows = ranked_final
    admin = people["province_admin"]
    with pytest.raises(JudgingError) as error:
        results.publish_round(final, admin)
    assert error.value.code == "no_publicity"
    results.open_round_publicity(final, days=7, actor=admin)
    final.refresh_from_db()
    assert final.status == Round.Status.PUBLICITY
    with pytest.raises(JudgingError) as error:
        ranking.rank_round(final, admin)
    assert error.value.code == "round_closed"
    with pytest.raises(JudgingError) as error:
        results.publish_round(final, admin)
    assert error.value.code == "publicity_running"
    publicity = Publicity.objects.for_subject(final).get()
    objection = file_objection(publicity.pk, user=people["trainer"], text="第二名的成绩计算有误。")
    _end_publicity(final)
    with pytest.raises(JudgingError) as error:
        results.publish_round(final, admin)
    assert error.value.code == "objections_open"
    resolve_objection(objection.pk, user=admin, upheld=False, resolution="经复核，成绩无误。")
    results.publish_round(final, admin)
    final.refresh_from_db()
    assert final.status == Round.Status.PUBLISHED and final.published_at is not None
    assert Objection.objects.get().status == Objection.Status.DISMISSED


def test_publishing_twice_writes_one_credit_and_one_certificate_per_prize(
    people, ranked_final, django_capture_on_commit_callbacks
):
    final, rows = ranked_final
    admin = people["province_admin"]
    results.open_round_publicity(final, days=3, actor=admin)
    _end_publicity(final)
    with django_capture_on_commit_callbacks(execute=True):
        results.publish_round(final, admin)
    with django_capture_on_commit_callbacks(execute=True):
        results.publish_round(final, admin)
    for row in rows.values():  # a retried notice sends nothing
        send_notice(row.pk)

    credits = CreditEntry.objects.filter(kind=CreditEntry.Kind.COMPETITION)
    assert sorted(credits.values_list("counselor__email", "hours")) == [
        ("jinan.counselor@example.cn", D("8.0")), ("qingdao.counselor@example.cn", D("8.0"))]
    assert credits.filter(source_ref=f"competition:round:{final.pk}:entry:{rows['first'].entry_id}").count() == 1
    certificates = Certificate.objects.filter(kind=Certificate.Kind.AWARD)
    assert certificates.count() == 3
    team_certificate = certificates.get(holder=people["qingdao_admin"])
    assert "海大追梦队" in team_certificate.title and "三等奖" in team_certificate.title
    features = Feature.objects.filter(kind=Feature.Kind.COMPETITION).order_by("rank")
    assert [(f.title, f.rank) for f in features] == [("济南学员", 1), ("青岛学员", 2), ("海大追梦队", 3)]
    assert {f.group_key for f in features} == {f"competition:{final.competition_id}"}
    assert sorted(message.to[0] for message in mail.outbox) == [
        "jinan.counselor@example.cn", "qingdao.admin@example.cn", "qingdao.counselor@example.cn"]
    assert RoundEntry.objects.filter(round=final, notified_at__isnull=True).count() == 0


@pytest.mark.postgres
def test_two_publications_at_once_write_each_credit_and_certificate_once(
    migrated_data_kept, transactional_db, django_db_serialized_rollback, people, ranked_final  # noqa: F811
):
    final, _rows = ranked_final
    admin = people["province_admin"]
    results.open_round_publicity(final, days=3, actor=admin)
    _end_publicity(final)
    outcomes = run_together(*[lambda: results.publish_round(Round.objects.get(pk=final.pk), admin)] * 4)
    assert not [outcome for outcome in outcomes if isinstance(outcome, Exception)]
    assert CreditEntry.objects.filter(kind=CreditEntry.Kind.COMPETITION).count() == 2
    assert Certificate.objects.filter(kind=Certificate.Kind.AWARD).count() == 3
    assert Feature.objects.filter(kind=Feature.Kind.COMPETITION).count() == 3


def test_a_preliminary_credits_but_features_nobody(tree, people):
    competition = make_competition(tree["province"])
    prelim = make_round(competition, sequence=1, name="初赛", format=Round.Format.KNOWLEDGE, per_city=True,
                        advance=Round.Advance.TOP_N, advance_count=1, credit_hours=D("4"), status=Round.Status.OPEN)
    make_round(competition, sequence=2, name="决赛", first_prizes=1)
    make_entry(competition, prelim, entrant=people["jinan_counselor"], organization=tree["jinan_agency"],
               score=D("88"))
    make_entry(competition, prelim, entrant=people["qingdao_counselor"], organization=tree["qingdao_agency"],
               absent=True)
    ranking.rank_round(prelim, people["province_admin"])
    results.open_round_publicity(prelim, days=1, actor=people["province_admin"])
    _end_publicity(prelim)
    results.publish_round(prelim, people["province_admin"])
    assert list(CreditEntry.objects.values_list("counselor__email", flat=True)) == ["jinan.counselor@example.cn"]
    assert not Certificate.objects.exists() and not Feature.objects.exists()


def test_publicity_needs_a_ranked_round_and_an_organizer(tree, people):
    competition = make_competition(tree["jinan"], title="济南市职业指导技能竞赛")
    round_ = make_round(competition, format=Round.Format.KNOWLEDGE, status=Round.Status.OPEN)
    with pytest.raises(JudgingError) as error:
        results.open_round_publicity(round_, days=5, actor=people["jinan_admin"])
    assert error.value.code == "not_ranked"
    make_entry(competition, round_, entrant=people["jinan_counselor"], organization=tree["jinan_agency"],
               score=D("70"))
    ranking.rank_round(round_, people["jinan_admin"])  # the city's own admin organizes its competition
    with pytest.raises(JudgingError) as error:
        results.open_round_publicity(round_, days=5, actor=people["qingdao_admin"])
    assert error.value.code == "forbidden"
    with pytest.raises(JudgingError) as error:
        results.open_round_publicity(round_, days=0, actor=people["jinan_admin"])
    assert error.value.code == "invalid_days"
    results.open_round_publicity(round_, days=5, actor=people["jinan_admin"])
    publicity = Publicity.objects.for_subject(round_).get()
    assert publicity.organization == tree["jinan"]
    assert (publicity.ends_on - publicity.starts_on).days == 4


def test_the_entrant_sees_score_rank_and_prize_only_after_publication(client, people, ranked_final):
    """Ranked, then in publicity: 我的竞赛 and the entry page show nothing of the result; published: both do."""
    final, rows = ranked_final
    admin = people["province_admin"]
    client.force_login(people["qingdao_counselor"])
    urls = [reverse("competitions:mine"), reverse("competitions:entry", args=[rows["second"].entry_id])]

    def shown():
        return [("90.00" in text or "二等奖" in text) for text in (body(client.get(url)) for url in urls)]

    assert shown() == [False, False]
    results.open_round_publicity(final, days=3, actor=admin)
    assert shown() == [False, False]
    _end_publicity(final)
    results.publish_round(final, admin)
    assert shown() == [True, True]
