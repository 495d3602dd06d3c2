"""The expert workbench over its URLs: an expert reaches only their own seats, sees no other score before submitting
their own, cannot change a submitted score; panel and publicity pages are scoped; fixed query counts."""

from decimal import Decimal

import pytest
from django.urls import reverse

from experts.models import Objection, Panel, PanelSeat, Score
from experts.services import assign_panel, open_publicity, submit_score
from tests.experts.builders import full_marks
from tests.experts.conftest import make_claim
from tests.helpers import body

pytestmark = pytest.mark.django_db


@pytest.fixture
def panel(claim, pool, rubric, people):
    return assign_panel(claim, purpose="test.review", rubric=rubric, chair=people["province_admin"],
                        actor=people["province_admin"])


def score_form(rubric, value=80, comment="论述清楚"):
    data = {f"criterion-{c.pk}": str(value) for c in rubric.criteria.all()}
    data["comment"] = comment
    return data


def test_the_workbench_lists_only_ones_own_assignments(client, panel):
    seat = panel.seats.first()
    client.force_login(seat.expert.user)
    response = client.get(reverse("experts:workbench"))
    assert response.status_code == 200
    assert reverse("experts:seat", args=[seat.pk]) in body(response)
    for other in panel.seats.exclude(pk=seat.pk):
        assert reverse("experts:seat", args=[other.pk]) not in body(response)


def test_an_expert_cannot_open_another_experts_seat_or_an_unassigned_panel(client, panel, pool):
    seat = panel.seats.first()
    outsider = pool["jinan_agency"].user  # in the pool, not on this panel
    client.force_login(outsider)
    assert client.get(reverse("experts:seat", args=[seat.pk])).status_code == 404
    assert client.post(reverse("experts:seat_score", args=[seat.pk]), score_form(panel.rubric)).status_code == 404
    assert client.post(reverse("experts:seat_conflict", args=[seat.pk]), {"reason": "x"}).status_code == 404
    assert client.get(reverse("experts:panel", args=[panel.pk])).status_code == 404
    other_member = panel.seats.exclude(pk=seat.pk).first().expert.user
    client.force_login(other_member)
    assert client.get(reverse("experts:seat", args=[seat.pk])).status_code == 404
    assert client.get(reverse("experts:panel", args=[panel.pk])).status_code == 404
    assert not Score.objects.exists()


def test_other_scores_stay_hidden_until_ones_own_is_submitted(client, panel, rubric):
    first, second, _third = panel.seats.all()
    submit_score(first.pk, user=first.expert.user, scores=full_marks(rubric, 91), comment="第一位专家的意见")
    client.force_login(second.expert.user)
    page = body(client.get(reverse("experts:seat", args=[second.pk])))
    assert "91.00" not in page and "第一位专家的意见" not in page
    response = client.post(reverse("experts:seat_score", args=[second.pk]), score_form(rubric, 85))
    assert response.status_code == 302
    page = body(client.get(reverse("experts:seat", args=[second.pk])))
    assert "91.00" in page and "第一位专家的意见" in page and "85.00" in page


def test_a_submitted_score_cannot_be_changed_over_the_url(client, panel, rubric):
    seat = panel.seats.first()
    client.force_login(seat.expert.user)
    client.post(reverse("experts:seat_score", args=[seat.pk]), score_form(rubric, 70))
    response = client.post(reverse("experts:seat_score", args=[seat.pk]), score_form(rubric, 99))
    assert response.status_code == 400
    assert Score.objects.get(seat=seat).total == Decimal("70.00")


@pytest.mark.parametrize("value", ["", "abc", "-1", "101", "1e9", "NaN", "70.55", "\x00"])
def test_bad_scores_are_refused_without_a_500(client, panel, rubric, value):
    seat = panel.seats.first()
    client.force_login(seat.expert.user)
    response = client.post(reverse("experts:seat_score", args=[seat.pk]), score_form(rubric, value))
    assert response.status_code == 400
    assert not Score.objects.exists()


def test_declaring_a_conflict_over_the_url(client, panel):
    seat = panel.seats.first()
    client.force_login(seat.expert.user)
    assert client.post(reverse("experts:seat_conflict", args=[seat.pk]), {"reason": " "}).status_code == 400
    response = client.post(reverse("experts:seat_conflict", args=[seat.pk]), {"reason": "与申报人同一课题组"})
    assert response.status_code == 302
    seat.refresh_from_db()
    assert seat.status == PanelSeat.Status.DECLINED and panel.seats.live().count() == 3


def test_admin_scope_on_panel_pages(client, panel, people, rubric):
    first = panel.seats.first()
    submit_score(first.pk, user=first.expert.user, scores=full_marks(rubric, 66))
    client.force_login(people["qingdao_admin"])  # the subject is in Jinan
    assert client.get(reverse("experts:panel", args=[panel.pk])).status_code == 404
    client.force_login(people["jinan_admin"])
    assert "66.00" in body(client.get(reverse("experts:panel", args=[panel.pk])))
    client.force_login(people["jinan_counselor"])  # the applicant
    assert client.get(reverse("experts:panel", args=[panel.pk])).status_code == 404


def test_the_chair_resolves_divergence_on_the_panel_page(client, panel, people, rubric):
    for seat, value in zip(panel.seats.all(), (95, 60, 80), strict=True):
        submit_score(seat.pk, user=seat.expert.user, scores=full_marks(rubric, value))
    client.force_login(people["province_admin"])
    url = reverse("experts:panel_resolve", args=[panel.pk])
    assert client.post(url, {"result": "abc", "reason": "x"}).status_code == 400
    assert client.post(url, {"result": "78", "reason": ""}).status_code == 400
    assert client.post(url, {"result": "78", "reason": "结合现场录像复核"}).status_code == 302
    panel.refresh_from_db()
    assert panel.status == Panel.Status.DECIDED and panel.result == Decimal("78.00")


def test_unknown_ids_are_404(client, people):
    client.force_login(people["expert"])
    for name in ("experts:seat", "experts:panel", "experts:publicity"):
        assert client.get(reverse(name, args=[999999999999999999])).status_code == 404
    assert client.get("/experts/seats/9999999999999999999999/").status_code == 404


def test_publicity_objections(client, claim, people):
    publicity = open_publicity(claim, days=7, actor=people["province_admin"])
    client.force_login(people["qingdao_counselor"])
    url = reverse("experts:objection_file", args=[publicity.pk])
    assert client.post(url, {"text": "  "}).status_code == 400
    assert client.post(url, {"text": "该申报人的工作年限不实"}).status_code == 302
    objection = Objection.objects.get()
    client.force_login(people["jinan_counselor"])  # someone else signed in: does not see the objection
    assert "工作年限不实" not in body(client.get(reverse("experts:publicity", args=[publicity.pk])))
    resolve = reverse("experts:objection_resolve", args=[objection.pk])
    assert client.post(resolve, {"decision": "dismissed", "resolution": "x"}).status_code == 404
    client.force_login(people["qingdao_admin"])  # outside the subject's scope
    assert client.post(resolve, {"decision": "dismissed", "resolution": "x"}).status_code == 404
    client.force_login(people["jinan_admin"])
    assert client.post(resolve, {"decision": "maybe", "resolution": "x"}).status_code == 400
    assert client.post(resolve, {"decision": "dismissed", "resolution": "经核实工作年限属实"}).status_code == 302
    objection.refresh_from_db()
    assert objection.status == Objection.Status.DISMISSED


def _assign_many(count, pool, rubric, people):
    for expert in pool.values():
        expert.max_concurrent = 100
        expert.save()
    for index in range(count):
        claim = make_claim(people["qingdao_counselor"], title=f"申报材料{index}")
        assign_panel(claim, purpose="test.review", rubric=rubric, size=1, actor=people["province_admin"])


@pytest.mark.parametrize("count", [1, 50])
def test_the_workbench_runs_the_same_queries_for_1_and_50_assignments(
    client, pool, rubric, people, adapter, django_assert_num_queries, count
):
    for expert in list(pool.values())[1:]:
        expert.active = False
        expert.save()
    _assign_many(count, {"only": pool["jinan_uni"]}, rubric, people)
    client.force_login(pool["jinan_uni"].user)
    client.get(reverse("experts:workbench"))  # warm the content type cache
    # session, user, groups (role), expert profile, chaired panels, tab counts, page count, page rows
    # session, user, expert profile, chaired panels, tab counts, page count, page rows, two permission lookups
    with django_assert_num_queries(9):
        response = client.get(reverse("experts:workbench"))
    assert response.status_code == 200
    assert body(response).count("申报材料") == min(count, 20)


@pytest.mark.parametrize("query", ["?status=\x00", "?status=nope&page=abc", "?page=999999999999999999999", "?page=-1"])
def test_odd_workbench_queries_are_no_500(client, panel, query):
    """Odd filters and pages show the page; a control character is refused at the edge (lms.input) with a 400."""
    client.force_login(panel.seats.first().expert.user)
    expected = 400 if "\x00" in query else 200
    assert client.get(reverse("experts:workbench") + query).status_code == expected
    assert client.get(reverse("experts:publicity_list") + query).status_code == expected


def test_a_person_outside_the_pool_sees_a_plain_page(client, people):
    client.force_login(people["jinan_counselor"])
    response = client.get(reverse("experts:workbench"))
    assert response.status_code == 200 and reverse("experts:seat", args=[1]) not in body(response)
