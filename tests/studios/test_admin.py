"""The admin side: organization admins create studios of their own subtree only (the city follows the organization,
services are checkboxes, members inline); a standard version an assessment used is never changed — saving it makes
the next version — and weights must add up to 100; the staff home counts the self-assessments waiting; a studio's
page lists its rating history."""

from decimal import Decimal

import pytest
from django.urls import reverse

from studios import services
from studios.models import SelfAssessment, Standard, Studio, StudioRating
from tests.studios.conftest import full_lines

pytestmark = pytest.mark.django_db


def studio_form(organization, lead, *, name="新建职业指导站", members=(), services_=()):
    data = {
        "name": name, "kind": "station", "organization": organization.pk, "lead": lead.pk,
        "services": [topic.pk for topic in services_], "description": "", "address": "济南市天桥区",
        "opening_hours": "", "phone": "", "status": "open", "is_public": "on",
        "memberships-TOTAL_FORMS": str(len(members)), "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0", "memberships-MAX_NUM_FORMS": "1000",
    }
    for index, member in enumerate(members):
        data.update({f"memberships-{index}-member": member.pk, f"memberships-{index}-role": "职业指导员",
                     f"memberships-{index}-joined_on": "", f"memberships-{index}-id": ""})
    return data


def test_an_org_admin_creates_a_studio_of_their_subtree_and_the_city_follows(client, people, tree, topics, member):
    client.force_login(people["jinan_admin"])
    response = client.get(reverse("studio_admin:add"))
    page = response.content.decode()
    assert response.status_code == 200 and 'type="checkbox"' in page and "青岛市公共就业服务中心" not in page
    response = client.post(reverse("studio_admin:add"), studio_form(
        tree["jinan_university"], people["jinan_counselor"], members=[member], services_=[topics["PLAN"]]))
    assert response.status_code == 302
    studio = Studio.objects.get(name="新建职业指导站")
    assert studio.city == tree["jinan"] and studio.memberships.get().member == member
    assert list(studio.services.all()) == [topics["PLAN"]]
    # another city's organization, lead or member is refused and nothing is created
    for data in (studio_form(tree["qingdao_agency"], people["jinan_counselor"], name="越权一"),
                 studio_form(tree["jinan_agency"], people["qingdao_counselor"], name="越权二"),
                 studio_form(tree["jinan_agency"], people["jinan_counselor"], name="越权三",
                             members=[people["qingdao_counselor"]])):
        assert client.post(reverse("studio_admin:add"), data).status_code == 200
    assert not Studio.objects.filter(name__startswith="越权").exists()


def standard_form(standard, *, weights=None, name=None):
    criteria = list(standard.criteria.all())
    weights = weights or [criterion.weight for criterion in criteria]
    data = {
        "name": name or standard.name, "note": "修订", "excellent_from": "90", "good_from": "75", "pass_from": "60",
        "criteria-TOTAL_FORMS": str(len(criteria)), "criteria-INITIAL_FORMS": str(len(criteria)),
        "criteria-MIN_NUM_FORMS": "1", "criteria-MAX_NUM_FORMS": "1000",
    }
    for index, (criterion, weight) in enumerate(zip(criteria, weights, strict=True)):
        data.update({
            f"criteria-{index}-id": criterion.pk, f"criteria-{index}-group": criterion.group,
            f"criteria-{index}-label": criterion.label, f"criteria-{index}-weight": str(weight),
            f"criteria-{index}-max_score": str(criterion.max_score), f"criteria-{index}-guidance": criterion.guidance,
            f"criteria-{index}-sort_order": criterion.sort_order,
        })
    return data


def test_saving_a_used_standard_makes_the_next_version(client, people, studio, standard):
    assessment = services.start_assessment(studio.pk, actor=people["jinan_counselor"])
    client.force_login(people["province_admin"])
    url = reverse("studio_standards:edit", args=[standard.pk])
    weights = [Decimal(5)] * 20  # 18 criteria: 90, not 100
    response = client.post(url, standard_form(standard, weights=weights[: standard.criteria.count()]))
    assert response.status_code == 200 and Standard.objects.count() == 1
    response = client.post(url, standard_form(standard, name="职业指导工作室建设规范（2027年修订）"))
    assert response.status_code == 302
    assert Standard.objects.count() == 2
    new = Standard.objects.current()
    assert new.version == 2 and new.name.endswith("2027年修订）") and new.criteria.count() == standard.criteria.count()
    standard.refresh_from_db()
    assert standard.name == "职业指导工作室（站、角）标准化建设规范" and assessment.standard_id == standard.pk
    # an unused version is edited in place
    response = client.post(reverse("studio_standards:edit", args=[new.pk]), standard_form(new, name="再改一次"))
    assert response.status_code == 302 and Standard.objects.count() == 2
    assert Standard.objects.get(pk=new.pk).name == "再改一次"


def test_org_admins_read_the_standard_but_do_not_change_it(client, people, standard):
    client.force_login(people["jinan_admin"])
    assert client.get(reverse("studio_standards:index")).status_code == 200
    response = client.post(reverse("studio_standards:edit", args=[standard.pk]), standard_form(standard, name="改"))
    assert response.status_code in (302, 403) and Standard.objects.get(pk=standard.pk).name != "改"


def test_the_staff_home_counts_the_waiting_self_assessments(client, people, studio, standard):
    assessment = services.start_assessment(studio.pk, actor=people["jinan_counselor"])
    services.save_draft(assessment.pk, actor=people["jinan_counselor"], lines=full_lines(assessment))
    services.submit_assessment(assessment.pk, actor=people["jinan_counselor"])
    client.force_login(people["jinan_admin"])
    response = client.get(reverse("wagtailadmin_home"))
    waiting = next(panel for panel in response.context["panels"] if panel.name == "reports_waiting_work")
    queues = {str(queue["label"]): queue["count"] for queue in waiting.queues()}
    assert queues["待推荐的工作室自评"] == 1
    client.force_login(people["qingdao_admin"])
    response = client.get(reverse("wagtailadmin_home"))
    waiting = next(panel for panel in response.context["panels"] if panel.name == "reports_waiting_work")
    assert {str(queue["label"]): queue["count"] for queue in waiting.queues()}["待推荐的工作室自评"] == 0


def test_the_studio_page_in_the_admin_lists_its_rating_history(client, people, studio, standard):
    assessment = services.start_assessment(studio.pk, actor=people["jinan_counselor"])
    SelfAssessment.objects.filter(pk=assessment.pk).update(status="in_review")
    services.publish_rating(assessment.pk, result=Decimal("77.50"))
    assert StudioRating.objects.filter(studio=studio).count() == 1
    client.force_login(people["jinan_admin"])
    page = client.get(reverse("studio_admin:inspect", args=[studio.pk])).content.decode()
    assert "评定记录" in page and "77.50" in page and "良好" in page


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_queue_and_my_studio_run_the_same_queries_for_1_and_10_rows(client, people, tree, standard):
    from tests.studios.conftest import make_studio

    lead = people["jinan_counselor"]

    def add(count, start):
        for index in range(start, start + count):
            studio = make_studio(tree["jinan_agency"], lead, name=f"工作室{index:02d}")
            assessment = services.start_assessment(studio.pk, actor=lead)
            services.save_draft(assessment.pk, actor=lead, lines=full_lines(assessment))
            services.submit_assessment(assessment.pk, actor=lead)

    add(1, 0)
    client.force_login(people["jinan_admin"])
    queue_one = _queries(client, reverse("studios_queue"))
    client.force_login(lead)
    mine_one = _queries(client, reverse("studios:mine"))
    add(9, 1)
    client.force_login(people["jinan_admin"])
    assert _queries(client, reverse("studios_queue")) == queue_one
    client.force_login(lead)
    assert _queries(client, reverse("studios:mine")) == mine_one
