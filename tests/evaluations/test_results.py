"""Aggregates only: the minimum per source and in total, renormalised composite weights, figures only once closed,
moderation deciding what counts, and `aggregates_for_people` in a fixed number of queries."""

from decimal import Decimal

import pytest

from evaluations import services
from evaluations.models import Participant, Response
from evaluations.results import aggregates_for_people
from people.models import Role
from tests.evaluations.conftest import close, peer_responses, respond_many
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_below_the_minimum_there_are_no_figures(participant, people):
    respond_many(participant, [5, 5, 5, 5])
    close(participant.campaign, people["jinan_admin"])
    result = aggregates_for_people([people["jinan_counselor"].pk])[people["jinan_counselor"].pk]
    assert result.total_responses == 4 and not result.enough
    assert result.composite is None and all(not source.shown and not source.criteria for source in result.sources)


def test_an_open_campaign_reports_counts_only(participant, people):
    respond_many(participant, [5] * 6)
    result = aggregates_for_people([people["jinan_counselor"].pk], campaign=participant.campaign)
    found = result[people["jinan_counselor"].pk]
    assert found.total_responses == 6 and not found.final and found.composite is None
    assert not any(source.shown for source in found.sources)


def test_a_source_below_the_minimum_is_hidden_and_the_weights_renormalised(participant, people, colleagues):
    respond_many(participant, [5, 5, 4, 4, 2])  # students: mean 4.0 on every criterion
    peer_responses(participant, colleagues[:2], 1, people["jinan_admin"])  # two peers only: hidden
    close(participant.campaign, people["jinan_admin"])
    result = aggregates_for_people([people["jinan_counselor"].pk])[people["jinan_counselor"].pk]
    shown = {source.source: source for source in result.sources if source.shown}
    assert set(shown) == {"student"}
    assert shown["student"].score == Decimal("80.0")  # 4.0 of 5
    assert {criterion.mean for criterion in shown["student"].criteria} == {Decimal("4.00")}
    assert result.composite == Decimal("80.0")  # the students' 40 % scaled up to 100 %
    peers = next(source for source in result.sources if source.source == "peer")
    assert peers.responses == 2 and peers.score is None and not peers.criteria


def test_the_composite_weighs_the_sources(participant, people, colleagues, tree):
    respond_many(participant, [5] * 5)  # students 100
    peer_responses(participant, colleagues[:4], 3, people["jinan_admin"])  # peers 60, but only four
    extra = UserFactory(email="peer5@example.cn", organization=tree["jinan_agency"], roles=[Role.COUNSELOR])
    peer_responses(participant, [extra], 3, people["jinan_admin"])  # the fifth peer
    close(participant.campaign, people["jinan_admin"])
    result = aggregates_for_people([people["jinan_counselor"].pk])[people["jinan_counselor"].pk]
    assert [source.score for source in result.sources if source.shown] == [Decimal("60.0"), Decimal("100.0")]
    assert result.composite == Decimal("80.0")  # (60 × 40 + 100 × 40) / 80


def test_society_counts_only_once_accepted(participant, people):
    responses = respond_many(participant, [5] * 5, source="society")
    close(participant.campaign, people["jinan_admin"])
    assert aggregates_for_people([people["jinan_counselor"].pk])[people["jinan_counselor"].pk].total_responses == 0
    for response in responses[:4]:
        services.moderate(response.pk, actor=people["jinan_admin"], decision="accept")
    services.moderate(responses[4].pk, actor=people["jinan_admin"], decision="reject")
    result = aggregates_for_people([people["jinan_counselor"].pk])[people["jinan_counselor"].pk]
    assert result.total_responses == 4 and not result.enough
    assert Response.objects.get(pk=responses[4].pk).status == Response.Status.REJECTED


def test_comments_show_only_when_accepted(participant, people):
    made = respond_many(participant, [4] * 5, comment="讲解政策很清楚")
    respond_many(participant, [4], comment="不该出现的评论")
    for response in made:
        services.moderate(response.pk, actor=people["jinan_admin"], decision="accept")
    close(participant.campaign, people["jinan_admin"])
    students = next(s for s in aggregates_for_people([people["jinan_counselor"].pk])[people["jinan_counselor"].pk]
                    .sources if s.source == "student")
    assert students.comments == ["讲解政策很清楚"] * 5 and students.responses == 6


def test_a_moderation_is_decided_once(participant, people):
    response = respond_many(participant, [4], source="society")[0]
    services.moderate(response.pk, actor=people["jinan_admin"], decision="accept")
    with pytest.raises(services.EvaluationError) as error:
        services.moderate(response.pk, actor=people["province_admin"], decision="reject")
    assert error.value.code == "already_decided"


def test_another_citys_admin_cannot_moderate(participant, people):
    response = respond_many(participant, [4], source="society")[0]
    with pytest.raises(services.EvaluationError) as error:
        services.moderate(response.pk, actor=people["qingdao_admin"], decision="accept")
    assert error.value.code == "not_found"
    assert Response.objects.get(pk=response.pk).status == Response.Status.PENDING


def test_aggregates_for_people_runs_fixed_queries(campaign, people, colleagues, django_assert_num_queries):
    participants = list(Participant.objects.filter(campaign=campaign))
    for participant in participants:
        respond_many(participant, [4] * 5)
    close(campaign, people["jinan_admin"])
    with django_assert_num_queries(6):
        one = aggregates_for_people([participants[0].counselor_id])
    with django_assert_num_queries(6):
        many = aggregates_for_people([p.counselor_id for p in participants])
    assert len(one) == 1 and len(many) == len(participants) >= 5
    assert all(result.composite == Decimal("80.0") for result in many.values())


def test_people_never_evaluated_are_absent(db, people):
    assert aggregates_for_people([people["qingdao_counselor"].pk]) == {}
    assert aggregates_for_people([]) == {}
