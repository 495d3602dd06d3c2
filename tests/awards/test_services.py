"""The award rules: scope, the nomination window, allocations (nearest ancestor), totals, the path through review and
publicity, confirmation within the total, and a roll that issues one certificate per award however often it runs."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from awards import services
from awards.models import Allocation, Nomination, Quota
from awards.services import AwardError
from cpd.models import Certificate
from experts.models import PanelSeat
from experts.services import file_objection, resolve_objection
from people.models import Role, User
from showcase.models import Feature
from tests.awards.conftest import in_publicity, nominate_star, quota, reviewed
from tests.factories import UserFactory


def _error(code, call, *args, **kwargs):
    with pytest.raises(AwardError) as caught:
        call(*args, **kwargs)
    assert caught.value.code == code, caught.value.message
    return caught.value


def test_a_city_admin_nominates_a_counselor_of_their_scope_into_their_allocation(people, cycle, award_types):
    star = quota(cycle, award_types, "star")
    allocation = services.set_allocation(star.pk, organization=people["jinan_admin"].organization, seats=2,
                                         actor=people["province_admin"])
    nomination = nominate_star(people["jinan_admin"], people["jinan_counselor"], cycle, award_types)
    assert nomination.status == Nomination.Status.SUBMITTED
    assert nomination.allocation == allocation
    assert nomination.city == people["jinan_admin"].organization
    assert Allocation.objects.get(pk=allocation.pk).used == 1
    assert Quota.objects.get(pk=star.pk).allocated == 2


def test_nominees_outside_the_scope_and_wrong_kinds_are_refused(people, cycle, award_types, studio):
    _error("not_in_scope", nominate_star, people["jinan_admin"], people["qingdao_counselor"], cycle, award_types)
    _error("wrong_nominee_kind", services.create_nomination, people["jinan_admin"], cycle_id=cycle.pk,
           award_type_id=award_types["star"].pk, nominee=studio, statement="x")
    _error("forbidden", nominate_star, people["jinan_counselor"], people["jinan_counselor"], cycle, award_types)
    _error("statement_required", services.create_nomination, people["jinan_admin"], cycle_id=cycle.pk,
           award_type_id=award_types["star"].pk, nominee=people["jinan_counselor"], statement="  ")
    assert not Nomination.objects.exists()


def test_a_full_allocation_refuses_the_next_submission_and_changes_nothing(people, cycle, award_types, tree):
    star = quota(cycle, award_types, "star")
    services.set_allocation(star.pk, organization=tree["jinan"], seats=1, actor=people["province_admin"])
    nominate_star(people["jinan_admin"], people["jinan_counselor"], cycle, award_types)
    other = UserFactory(email="second@example.cn", organization=tree["jinan_agency"], roles=[Role.COUNSELOR])
    error = _error("quota_full", nominate_star, people["jinan_admin"], other, cycle, award_types)
    assert "名额" in str(error.message) or "quota" in str(error.message)
    assert Nomination.objects.count() == 1
    assert Allocation.objects.get().used == 1


def test_the_nearest_allocation_up_the_tree_counts(people, cycle, award_types, tree):
    star = quota(cycle, award_types, "star")
    province = people["province_admin"]
    city_allocation = services.set_allocation(star.pk, organization=tree["jinan"], seats=3, actor=province)
    university_allocation = services.set_allocation(star.pk, organization=tree["jinan_university"], seats=1,
                                                    actor=province)
    university_admin = UserFactory(email="sdu.admin@example.cn", organization=tree["jinan_university"],
                                   roles=[Role.ORG_ADMIN])
    lecturer = UserFactory(email="lecturer@example.cn", organization=tree["jinan_university"], roles=[Role.COUNSELOR])
    agency_admin = UserFactory(email="agency.admin@example.cn", organization=tree["jinan_agency"],
                               roles=[Role.ORG_ADMIN])
    # fresh rows: adding organizations to the name-ordered tree moves the paths of the fixture's in-memory nodes
    university_admin, agency_admin = (User.objects.get(pk=u.pk) for u in (university_admin, agency_admin))
    assert nominate_star(university_admin, lecturer, cycle, award_types).allocation == university_allocation
    assert nominate_star(agency_admin, people["jinan_counselor"], cycle, award_types).allocation == city_allocation
    _error("no_allocation", nominate_star, people["qingdao_admin"], people["qingdao_counselor"], cycle, award_types)


def test_without_allocations_only_the_total_applies(people, cycle, award_types):
    nomination = nominate_star(people["qingdao_admin"], people["qingdao_counselor"], cycle, award_types)
    assert nomination.status == Nomination.Status.SUBMITTED and nomination.allocation is None


def test_allocations_never_add_up_to_more_than_the_total(people, cycle, award_types, tree):
    star = quota(cycle, award_types, "star")
    province = people["province_admin"]
    services.set_total(star.pk, seats=5, actor=province)
    services.set_allocation(star.pk, organization=tree["jinan"], seats=3, actor=province)
    _error("over_total", services.set_allocation, star.pk, organization=tree["qingdao"], seats=3, actor=province)
    _error("below_used", services.set_total, star.pk, seats=2, actor=province)
    _error("forbidden", services.set_total, star.pk, seats=9, actor=people["jinan_admin"])
    star.refresh_from_db()
    assert (star.seats, star.allocated) == (5, 3)
    assert not Allocation.objects.filter(organization=tree["qingdao"]).exists()


def test_an_allocation_cannot_drop_below_its_taken_seats(people, cycle, award_types, tree):
    star = quota(cycle, award_types, "star")
    services.set_allocation(star.pk, organization=tree["jinan"], seats=2, actor=people["province_admin"])
    nominate_star(people["jinan_admin"], people["jinan_counselor"], cycle, award_types)
    _error("over_total", services.set_allocation, star.pk, organization=tree["jinan"], seats=0,
           actor=people["province_admin"])
    assert Allocation.objects.get().seats == 2


def test_withdrawing_and_returning_free_the_seat_and_resubmitting_takes_it_again(people, cycle, award_types, tree):
    star = quota(cycle, award_types, "star")
    allocation = services.set_allocation(star.pk, organization=tree["jinan"], seats=1, actor=people["province_admin"])
    nomination = nominate_star(people["jinan_admin"], people["jinan_counselor"], cycle, award_types)
    _error("reason_required", services.return_nomination, nomination.pk, actor=people["province_admin"], reason="")
    services.return_nomination(nomination.pk, actor=people["province_admin"], reason="材料不全，请补充典型案例。")
    assert Allocation.objects.get(pk=allocation.pk).used == 0
    returned = Nomination.objects.get(pk=nomination.pk)
    assert returned.status == Nomination.Status.RETURNED and returned.reason == "材料不全，请补充典型案例。"
    services.submit(nomination.pk, actor=people["jinan_admin"])
    assert Allocation.objects.get(pk=allocation.pk).used == 1
    services.withdraw(nomination.pk, actor=people["jinan_admin"], reason="本人申请撤回")
    assert Allocation.objects.get(pk=allocation.pk).used == 0
    _error("wrong_status", services.submit, nomination.pk, actor=people["jinan_admin"])
    # withdrawn: the same counselor may be nominated again
    assert nominate_star(people["jinan_admin"], people["jinan_counselor"], cycle, award_types).pk != nomination.pk


def test_other_organizations_cannot_touch_a_nomination(people, cycle, award_types):
    nomination = nominate_star(people["jinan_admin"], people["jinan_counselor"], cycle, award_types, submit=False)
    _error("not_found", services.submit, nomination.pk, actor=people["qingdao_admin"])
    _error("not_found", services.withdraw, nomination.pk, actor=people["qingdao_admin"])
    _error("forbidden", services.return_nomination, nomination.pk, actor=people["jinan_admin"], reason="x")


def test_nominations_only_in_the_window_and_once_per_nominee(people, cycle, award_types):
    nominate_star(people["jinan_admin"], people["jinan_counselor"], cycle, award_types)
    _error("already_nominated", nominate_star, people["jinan_admin"], people["jinan_counselor"], cycle, award_types)
    cycle.nominations_close_on = timezone.localdate() - datetime.timedelta(days=1)
    cycle.save()
    other = UserFactory(email="late@example.cn", organization=people["jinan_counselor"].organization,
                        roles=[Role.COUNSELOR])
    _error("cycle_closed", nominate_star, people["jinan_admin"], other, cycle, award_types)


def test_the_path_to_the_roll_with_one_certificate_and_feature_however_often_published(
    people, cycle, award_types, pool
):
    province = people["province_admin"]
    nomination = reviewed(nominate_star(people["jinan_admin"], people["jinan_counselor"], cycle, award_types),
                          province, score=88)
    assert nomination.status == Nomination.Status.IN_REVIEW and nomination.review_score == 88
    seated = set(PanelSeat.objects.filter(panel__object_id=nomination.pk).values_list("expert__user__email",
                                                                                      flat=True))
    assert "a4@example.cn" not in seated  # Jinan's own expert is never seated on a Jinan nomination
    publicity = in_publicity(nomination, province, over=False)
    _error("publicity_running", services.confirm, nomination.pk, actor=province)
    objection = file_objection(publicity.pk, user=people["qingdao_counselor"], text="事迹材料有夸大。")
    publicity.starts_on = publicity.ends_on = timezone.localdate() - datetime.timedelta(days=1)
    publicity.save()
    _error("objections_open", services.confirm, nomination.pk, actor=province)
    resolve_objection(objection.pk, user=province, upheld=False, resolution="经核实，材料属实。")
    confirmed = services.confirm(nomination.pk, actor=province)
    assert confirmed.status == Nomination.Status.CONFIRMED
    assert quota(cycle, award_types, "star").used == 1
    assert services.publish_roll(cycle.pk, actor=province) == 1
    assert services.publish_roll(cycle.pk, actor=province) == 1
    certificates = Certificate.objects.filter(holder=people["jinan_counselor"], kind=Certificate.Kind.AWARD)
    assert certificates.count() == 1
    assert certificates.get().source_ref == f"award-nomination:{nomination.pk}"
    features = Feature.objects.filter(content_type=ContentType.objects.get_for_model(Nomination),
                                      object_id=nomination.pk)
    assert features.count() == 1 and features.get().kind == Feature.Kind.STAR


def test_an_upheld_objection_blocks_confirmation_and_refusal_keeps_the_reason(people, cycle, award_types, pool):
    province = people["province_admin"]
    nomination = reviewed(nominate_star(people["jinan_admin"], people["jinan_counselor"], cycle, award_types),
                          province)
    publicity = in_publicity(nomination, province, over=False)
    objection = file_objection(publicity.pk, user=people["qingdao_counselor"], text="存在违纪记录。")
    resolve_objection(objection.pk, user=province, upheld=True, resolution="经核查属实。")
    publicity.starts_on = publicity.ends_on = timezone.localdate() - datetime.timedelta(days=1)
    publicity.save()
    _error("objection_upheld", services.confirm, nomination.pk, actor=province)
    refused = services.refuse(nomination.pk, actor=province, reason="异议成立，不予表彰。")
    assert refused.status == Nomination.Status.REFUSED and refused.reason == "异议成立，不予表彰。"
    assert quota(cycle, award_types, "star").used == 0


def test_recommendations_and_confirmations_stay_within_the_total(people, cycle, award_types, pool, tree):
    province = people["province_admin"]
    star = quota(cycle, award_types, "star")
    services.set_total(star.pk, seats=1, actor=province)
    first = reviewed(nominate_star(people["jinan_admin"], people["jinan_counselor"], cycle, award_types), province)
    second = reviewed(nominate_star(people["qingdao_admin"], people["qingdao_counselor"], cycle, award_types),
                      province)
    services.recommend(first.pk, actor=province)
    _error("quota_full", services.recommend, second.pk, actor=province)
    services.not_recommend(second.pk, actor=province, reason="排名靠后。")
    assert Nomination.objects.get(pk=second.pk).status == Nomination.Status.NOT_RECOMMENDED


def test_a_confirmation_beyond_the_total_is_refused(people, cycle, award_types, pool):
    province = people["province_admin"]
    first = reviewed(nominate_star(people["jinan_admin"], people["jinan_counselor"], cycle, award_types), province)
    in_publicity(first, province)
    star = quota(cycle, award_types, "star")
    Quota.objects.filter(pk=star.pk).update(seats=1, used=1)  # the total was filled meanwhile
    _error("quota_full", services.confirm, first.pk, actor=province)
    assert Nomination.objects.get(pk=first.pk).status == Nomination.Status.PUBLICITY


def test_studio_lead_and_members_and_course_team_are_never_seated(people, cycle, award_types, studio, tree,
                                                                   make_course):
    from awards.subjects import NominationAdapter
    from tests.experts.builders import make_expert

    lead_expert = make_expert(tree["qingdao_agency"], email="lead.expert@example.cn")
    nomination = services.create_nomination(
        people["jinan_admin"], cycle_id=cycle.pk, award_type_id=award_types["gold-studio"].pk, nominee=studio,
        statement="示范带动作用强。",
    )
    adapter = NominationAdapter()
    excluded = adapter.excluded_user_ids(nomination)
    assert studio.lead_id in excluded and studio.memberships.get().member_id in excluded
    assert people["jinan_admin"].pk in excluded
    course = make_course(lessons=1, trainers=[lead_expert.user], owner=people["trainer"])
    gold = services.create_nomination(
        people["qingdao_admin"], cycle_id=cycle.pk, award_type_id=award_types["gold-course"].pk, nominee=course,
        statement="课程设计精良。",
    )
    assert {people["trainer"].pk, lead_expert.user_id} <= adapter.excluded_user_ids(gold)
    assert adapter.excluded_organizations(gold) == [tree["qingdao"]]
