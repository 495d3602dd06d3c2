"""The expert pool in the Wagtail admin: scoped listings and exports, the rubric editor, the expert's home."""

import pytest
from django.urls import reverse

from experts.models import Expert
from experts.services import assign_panel
from people.models import Role
from tests.factories import UserFactory
from tests.helpers import body, refused

pytestmark = pytest.mark.django_db


def test_province_admin_lists_and_exports_the_pool(client, pool, people):
    client.force_login(people["province_admin"])
    response = client.get(reverse("expert_pool:index"))
    assert response.status_code == 200
    assert str(pool["qingdao_1"].user) in body(response)
    export = client.get(reverse("expert_pool:index") + "?export=csv")
    assert export.status_code == 200 and pool["qingdao_1"].user.email in body(export)


def test_org_admins_see_only_their_subtrees_experts(client, pool, people):
    client.force_login(people["jinan_admin"])
    page = body(client.get(reverse("expert_pool:index")))
    assert str(pool["jinan_uni"].user) in page and str(pool["qingdao_1"].user) not in page
    assert refused(client.get(reverse("expert_pool:edit", args=[pool["qingdao_1"].pk])))


def test_adding_an_expert_gives_the_role(client, people, tree, topics):
    client.force_login(people["province_admin"])
    person = UserFactory(email="new.expert@example.cn", organization=tree["qingdao_university"])
    response = client.post(reverse("expert_pool:add"), {
        "user": person.pk, "tier": "provincial", "organization": tree["qingdao_university"].pk, "title": "教授",
        "specialties": [topics["PLAN"].pk], "term_start": "2026-01-01", "term_end": "2028-12-31", "active": "on",
        "max_concurrent": "4",
    })
    assert response.status_code == 302, body(response)
    person.refresh_from_db()
    assert Expert.objects.filter(user=person).exists() and person.groups.filter(name=Role.EXPERT.value).exists()


def test_rubric_editor_with_criteria(client, people):
    client.force_login(people["province_admin"])
    response = client.post(reverse("expert_rubrics:add"), {
        "name": "综合评审评分表", "description": "",
        "criteria-TOTAL_FORMS": "2", "criteria-INITIAL_FORMS": "0", "criteria-MIN_NUM_FORMS": "1",
        "criteria-MAX_NUM_FORMS": "1000",
        "criteria-0-label": "业绩成果", "criteria-0-weight": "60", "criteria-0-max_score": "100",
        "criteria-0-guidance": "", "criteria-0-sort_order": "0", "criteria-0-ORDER": "1", "criteria-0-id": "",
        "criteria-0-DELETE": "",
        "criteria-1-label": "答辩表现", "criteria-1-weight": "40", "criteria-1-max_score": "50",
        "criteria-1-guidance": "", "criteria-1-sort_order": "1", "criteria-1-ORDER": "2", "criteria-1-id": "",
        "criteria-1-DELETE": "",
    })
    assert response.status_code == 302, body(response)[:3000]


def test_counselors_and_experts_cannot_manage_the_pool(client, pool, people):
    for user in (people["jinan_counselor"], pool["qingdao_1"].user):
        client.force_login(user)
        for url in (reverse("expert_pool:index"), reverse("expert_rubrics:add")):
            response = client.get(url)
            assert refused(response) or response["Location"].startswith(reverse("account_login"))


def test_the_expert_home_in_the_admin(client, claim, pool, rubric, people):
    panel = assign_panel(claim, purpose="test.review", rubric=rubric, actor=people["province_admin"])
    expert_user = panel.seats.first().expert.user
    client.force_login(expert_user)
    response = client.get(reverse("wagtailadmin_home"))
    page = body(response)
    assert reverse("experts:workbench") in page
    assert claim.title in page
    waiting = next(panel for panel in response.context["panels"] if panel.name == "reports_waiting_work")
    assert [(str(q["label"]), q["count"]) for q in waiting.queues()] == [("待评分的评审任务", 1)]
    assert "待您评分" not in page  # the count is said once, in "Waiting for you" (待我处理)


def test_panels_list_is_scoped(client, claim, pool, rubric, people):
    assign_panel(claim, purpose="test.review", rubric=rubric, actor=people["province_admin"])
    client.force_login(people["qingdao_admin"])
    assert claim.title not in body(client.get(reverse("expert_panels:index")))
    client.force_login(people["jinan_admin"])
    assert claim.title in body(client.get(reverse("expert_panels:index")))
