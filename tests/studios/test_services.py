"""The studio rules: the city follows the organization; a self-assessment is filled by the lead (or an admin in
scope), submitted complete, endorsed or returned once; the panel never seats the studio's people or experts of its
organization; the panel's result is rated by the version's thresholds and published onto the studio exactly once."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import ModelLogEntry

from experts.models import Panel, PanelSeat
from experts.services import submit_score
from studios import services
from studios.models import SelfAssessment, Standard, Studio, StudioMembership, StudioRating, city_of, weighted_total
from studios.subjects import PURPOSE
from tests.studios.conftest import full_lines, make_studio, pdf

pytestmark = pytest.mark.django_db


def submitted(studio, standard, actor, value="9"):
    assessment = services.start_assessment(studio.pk, actor=actor)
    services.save_draft(assessment.pk, actor=actor, summary="年服务600人次", lines=full_lines(assessment, value),
                        files={assessment.lines.first().criterion_id: [pdf()]})
    return services.submit_assessment(assessment.pk, actor=actor)


def marks(rubric, percent) -> dict:
    """Every criterion at `percent` of its maximum (the standard's criteria are scored out of 10)."""
    return {criterion.pk: Decimal(percent) * criterion.max_score / 100 for criterion in rubric.criteria.all()}


def rated(assessment, people, scores=(80, 80, 80)):
    services.endorse_assessment(assessment.pk, actor=people["jinan_admin"])
    services.send_to_panel(assessment.pk, actor=people["province_admin"], size=len(scores))
    panel = Panel.objects.get(object_id=assessment.pk, purpose=PURPOSE)
    for seat, value in zip(panel.seats.select_related("expert__user"), scores, strict=True):
        submit_score(seat.pk, user=seat.expert.user, scores=marks(panel.rubric, value))
    return panel


def test_the_city_is_derived_from_the_organization(tree, people):
    studio = make_studio(tree["jinan_university"], people["jinan_counselor"], name="山大生涯工作室")
    assert studio.city == tree["jinan"]
    studio.organization = tree["qingdao_university"]
    studio.save()
    assert Studio.objects.get(pk=studio.pk).city == tree["qingdao"]
    assert city_of(tree["jinan"]) == tree["jinan"] and city_of(tree["province"]) is None


def test_the_seeded_standard_has_groups_weights_summing_to_100_and_thresholds(standard):
    criteria = list(standard.criteria.all())
    groups = standard.grouped_criteria()
    assert 4 <= len(groups) <= 6 and all(3 <= len(items) <= 5 for _group, items in groups)
    assert sum(criterion.weight for criterion in criteria) == 100
    assert (standard.excellent_from, standard.good_from, standard.pass_from) == (90, 75, 60)


@pytest.mark.parametrize(("score", "rating"), [
    ("100", Studio.Rating.EXCELLENT), ("90", Studio.Rating.EXCELLENT), ("89.99", Studio.Rating.GOOD),
    ("75", Studio.Rating.GOOD), ("74.99", Studio.Rating.PASS), ("60", Studio.Rating.PASS),
    ("59.99", Studio.Rating.FAIL), ("0", Studio.Rating.FAIL),
])
def test_ratings_follow_the_thresholds_of_the_version(standard, score, rating):
    assert standard.rate(Decimal(score)) == rating


def test_thresholds_are_data_of_each_version(standard):
    stricter = Standard(version=99, name="更严", excellent_from=95, good_from=85, pass_from=70)
    assert stricter.rate(Decimal(90)) == Studio.Rating.GOOD and standard.rate(Decimal(90)) == Studio.Rating.EXCELLENT


def test_the_lead_fills_saves_and_submits_and_the_self_score_is_weighted(studio, standard, people):
    lead = people["jinan_counselor"]
    assessment = services.start_assessment(studio.pk, actor=lead)
    assert assessment.standard == standard and assessment.lines.count() == standard.criteria.count()
    with pytest.raises(services.StudioError) as error:
        services.start_assessment(studio.pk, actor=lead)
    assert error.value.code == "already_open"
    services.save_draft(assessment.pk, actor=lead, lines={assessment.lines.first().criterion_id: ("8", "")})
    with pytest.raises(services.StudioError) as error:
        services.submit_assessment(assessment.pk, actor=lead)
    assert error.value.code == "incomplete"
    services.save_draft(assessment.pk, actor=lead, lines=full_lines(assessment, "8"))
    assessment = services.submit_assessment(assessment.pk, actor=lead)
    assert assessment.status == SelfAssessment.Status.SUBMITTED and assessment.self_score == Decimal("80.00")
    with pytest.raises(services.StudioError) as error:
        services.save_draft(assessment.pk, actor=lead, lines=full_lines(assessment, "10"))
    assert error.value.code == "not_editable"
    actions = set(ModelLogEntry.objects.filter(object_id=str(assessment.pk)).values_list("action", flat=True))
    assert {"studios.assessment.started", "studios.assessment.saved", "studios.assessment.submitted"} <= actions


@pytest.mark.parametrize("bad", ["11", "-1", "abc", "8.25", "NaN", "1e3"])
def test_a_bad_score_changes_nothing(studio, standard, people, bad):
    lead = people["jinan_counselor"]
    assessment = services.start_assessment(studio.pk, actor=lead)
    lines = full_lines(assessment, "7")
    lines[next(iter(lines))] = (bad, "")
    with pytest.raises(services.StudioError) as error:
        services.save_draft(assessment.pk, actor=lead, lines=lines, summary="不应保存")
    assert error.value.code == "invalid_score"
    assessment.refresh_from_db()
    assert assessment.summary == "" and not assessment.lines.filter(score__isnull=False).exists()


def test_evidence_is_checked_by_content_and_unknown_criteria_are_refused(studio, standard, people):
    lead = people["jinan_counselor"]
    assessment = services.start_assessment(studio.pk, actor=lead)
    criterion_id = assessment.lines.first().criterion_id
    with pytest.raises(services.StudioError) as error:
        services.save_draft(assessment.pk, actor=lead,
                            files={criterion_id: [SimpleUploadedFile("假.pdf", b"not a pdf")]})
    assert error.value.code == "invalid_type" and not assessment.evidence.exists()
    with pytest.raises(services.StudioError) as error:
        services.save_draft(assessment.pk, actor=lead, lines={999999: ("5", "")})
    assert error.value.code == "unknown_criterion"
    services.save_draft(assessment.pk, actor=lead, files={criterion_id: [pdf()]})
    stored = assessment.evidence.get()
    assert stored.original_name == "场地照片.pdf" and "场地照片" not in stored.file.name


def test_only_the_lead_or_an_admin_in_scope_fills_it_in(studio, standard, people, member):
    for outsider in (member, people["qingdao_admin"], people["qingdao_counselor"]):
        with pytest.raises(services.StudioError) as error:
            services.start_assessment(studio.pk, actor=outsider)
        assert error.value.code == "not_found"
    assessment = services.start_assessment(studio.pk, actor=people["jinan_admin"])
    with pytest.raises(services.StudioError):
        services.save_draft(assessment.pk, actor=member, summary="成员不能填写")


def test_endorse_or_return_once_never_ones_own(studio, standard, people):
    assessment = submitted(studio, standard, people["jinan_counselor"])
    with pytest.raises(services.StudioError) as error:
        services.endorse_assessment(assessment.pk, actor=people["qingdao_admin"])
    assert error.value.code == "not_found"
    with pytest.raises(services.StudioError) as error:
        services.endorse_assessment(assessment.pk, actor=people["jinan_counselor"])
    assert error.value.code == "not_found"
    with pytest.raises(services.StudioError) as error:
        services.return_assessment(assessment.pk, actor=people["jinan_admin"], reason="  ")
    assert error.value.code == "reason_required"
    services.return_assessment(assessment.pk, actor=people["jinan_admin"], reason="请补充服务台账")
    with pytest.raises(services.StudioError) as error:
        services.endorse_assessment(assessment.pk, actor=people["province_admin"])
    assert error.value.code == "already_decided"
    # corrected and submitted again; this time endorsed
    services.save_draft(assessment.pk, actor=people["jinan_counselor"], summary="已补充台账")
    services.submit_assessment(assessment.pk, actor=people["jinan_counselor"])
    assessment = services.endorse_assessment(assessment.pk, actor=people["jinan_admin"])
    assert assessment.status == SelfAssessment.Status.ENDORSED and assessment.return_reason == ""


def test_an_admin_who_submitted_does_not_decide(studio, standard, people):
    assessment = submitted(studio, standard, people["jinan_admin"])
    with pytest.raises(services.StudioError) as error:
        services.endorse_assessment(assessment.pk, actor=people["jinan_admin"])
    assert error.value.code == "own_assessment"
    services.endorse_assessment(assessment.pk, actor=people["province_admin"])


def test_the_panel_never_seats_the_studios_people_or_experts_of_its_organization(studio, standard, people, pool,
                                                                               member, tree):
    from tests.experts.builders import make_expert

    member_expert = make_expert(tree["qingdao_agency"], email="member-expert@example.cn")
    StudioMembership.objects.create(studio=studio, member=member_expert.user)
    assessment = submitted(studio, standard, people["jinan_counselor"])
    with pytest.raises(services.StudioError) as error:
        services.send_to_panel(assessment.pk, actor=people["province_admin"])
    assert error.value.code == "not_endorsed"
    services.endorse_assessment(assessment.pk, actor=people["jinan_admin"])
    with pytest.raises(services.StudioError) as error:
        services.send_to_panel(assessment.pk, actor=people["jinan_admin"])
    assert error.value.code == "forbidden"
    with pytest.raises(services.StudioError) as error:
        services.send_to_panel(assessment.pk, actor=people["province_admin"], size=4)
    assert error.value.code == "not_enough_experts"
    assert SelfAssessment.objects.get(pk=assessment.pk).status == SelfAssessment.Status.ENDORSED
    services.send_to_panel(assessment.pk, actor=people["province_admin"], size=3)
    seated = set(PanelSeat.objects.filter(panel__object_id=assessment.pk).values_list("expert__user__email", flat=True))
    assert seated == {"s1@example.cn", "s2@example.cn", "s3@example.cn"}
    panel = Panel.objects.get(object_id=assessment.pk, purpose=PURPOSE)
    assert next(criterion.label for criterion in panel.rubric.criteria.all()) == "场地设施 · 独立服务场所"
    assert panel.rubric.criteria.count() == standard.criteria.count()


def test_one_rubric_per_standard_version(studio, qingdao_studio, standard, people, pool):
    first = submitted(studio, standard, people["jinan_counselor"])
    second = submitted(qingdao_studio, standard, people["qingdao_counselor"])
    services.endorse_assessment(first.pk, actor=people["jinan_admin"])
    services.endorse_assessment(second.pk, actor=people["qingdao_admin"])
    services.send_to_panel(first.pk, actor=people["province_admin"], size=2)
    services.send_to_panel(second.pk, actor=people["province_admin"], size=2)
    rubrics = set(Panel.objects.filter(purpose=PURPOSE).values_list("rubric_id", flat=True))
    assert len(rubrics) == 1 and Standard.objects.get(pk=standard.pk).rubric_id in rubrics


def test_the_panel_result_is_rated_and_published_once(studio, standard, people, pool):
    assessment = submitted(studio, standard, people["jinan_counselor"])
    panel = rated(assessment, people, scores=(92, 90, 94))
    panel.refresh_from_db()
    studio.refresh_from_db()
    assert panel.status == Panel.Status.DECIDED and panel.result == Decimal("92.00")
    assert (studio.rating, studio.rating_score) == (Studio.Rating.EXCELLENT, Decimal("92.00"))
    assert studio.rated_on is not None
    # the hook runs again (a retry): nothing changes, still one rating in the history
    from experts.subjects import adapter_for

    adapter_for(SelfAssessment).on_panel_result(panel)
    services.publish_rating(assessment.pk, result=Decimal(40), panel=panel)
    studio.refresh_from_db()
    assert StudioRating.objects.filter(studio=studio).count() == 1
    assert studio.rating == Studio.Rating.EXCELLENT and studio.rating_score == Decimal("92.00")
    assert SelfAssessment.objects.get(pk=assessment.pk).status == SelfAssessment.Status.RATED


def test_the_history_keeps_every_past_rating(studio, standard, people, pool):
    rated(submitted(studio, standard, people["jinan_counselor"]), people, scores=(70, 70, 70))
    for seat in PanelSeat.objects.all():  # the same experts may sit again
        seat.expert.max_concurrent = 10
        seat.expert.save()
    rated(submitted(studio, standard, people["jinan_counselor"]), people, scores=(80, 80, 80))
    studio.refresh_from_db()
    history = list(studio.ratings.values_list("rating", flat=True))
    assert history == [Studio.Rating.GOOD, Studio.Rating.PASS] or sorted(history) == sorted(
        [Studio.Rating.GOOD, Studio.Rating.PASS])
    assert studio.rating == Studio.Rating.GOOD


def test_weighted_total(standard):
    criteria = list(standard.criteria.all())
    assert weighted_total((criterion, criterion.max_score) for criterion in criteria) == Decimal("100.00")
    assert weighted_total((criterion, Decimal(0)) for criterion in criteria) == Decimal("0.00")


def test_the_lead_edits_the_public_details_only(studio, people, member):
    services.update_public_details(studio.pk, actor=people["jinan_counselor"], opening_hours="周一至周六 8:30–17:30")
    assert Studio.objects.get(pk=studio.pk).opening_hours == "周一至周六 8:30–17:30"
    with pytest.raises(services.StudioError) as error:
        services.update_public_details(studio.pk, actor=member, opening_hours="x")
    assert error.value.code == "not_found"
    with pytest.raises(services.StudioError) as error:
        services.update_public_details(studio.pk, actor=people["jinan_counselor"], name="改名")
    assert error.value.code == "invalid_field"
    with pytest.raises(services.StudioError) as error:
        services.update_public_details(studio.pk, actor=people["jinan_counselor"], phone="1" * 41)
    assert error.value.code == "too_long"
