"""The staff home in the Wagtail admin: the work waiting (counts and links) for admins, the figures of their scope,
trainers' stuck learners with links to their progress and attempts; Wagtail's page panels only for authors."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from courses.models import CourseTrainer, Enrollment
from cpd.models import ExternalClaim
from tests.factories import UserFactory
from tests.helpers import body

pytestmark = pytest.mark.django_db


def test_the_city_admin_sees_their_queues_and_figures_without_page_panels(jinan_client, people, populate, tree):
    populate(2)
    UserFactory(email="pending@jinan.example.cn", organization=tree["jinan_agency"], approval_status="pending")
    UserFactory(email="pending@qingdao.example.cn", organization=tree["qingdao_agency"], approval_status="pending")
    ExternalClaim.objects.create(counselor=people["jinan_counselor"], activity_kind="conference", title="年会",
                                 occurred_on=timezone.localdate(), hours=4, category="professional")
    response = jinan_client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    html = body(response)
    panels = {panel.name for panel in response.context["panels"]}
    assert {"reports_waiting_work", "reports_scope_figures"} <= panels
    assert not panels & {"recent_edits", "locked_pages"}
    assert response.context["site_summary"].summary_items == []
    waiting = next(panel for panel in response.context["panels"] if panel.name == "reports_waiting_work")
    # one registration and one claim in Jinan; Qingdao's are not counted
    assert [queue["count"] for queue in waiting.queues()][:2] == [1, 1]
    assert reverse("people_pending") in html and reverse("cpd_claims_queue") in html
    assert reverse("reports:compliance") in html


def test_the_trainer_sees_stuck_learners_with_links(client, people, populate):
    made = populate(2)
    course = populate.courses["jinan"]
    CourseTrainer.objects.create(course=course, user=people["trainer"])
    client.force_login(people["trainer"])
    response = client.get(reverse("wagtailadmin_home"))
    html = body(response)
    panel = next(p for p in response.context["panels"] if p.name == "reports_stuck_learners")
    stuck = list(panel.stuck())
    active_jinan = Enrollment.objects.filter(course=course, status=Enrollment.Status.ACTIVE)
    assert {e.pk for e in stuck} == set(active_jinan.values_list("pk", flat=True))  # idle for 30 days
    first = stuck[0]
    assert reverse("enrollments:inspect", args=[first.pk]) in html
    assert reverse("quiz_attempts:index") + "?q=" in html
    assert all(person.real_name not in html for person in made if person.organization.code == "qingdao-hrss")


def test_a_recently_active_learner_is_not_stuck(client, people, populate):
    populate(1)
    course = populate.courses["jinan"]
    CourseTrainer.objects.create(course=course, user=people["trainer"])
    Enrollment.objects.filter(course=course).update(last_activity_at=timezone.now() - datetime.timedelta(days=1))
    client.force_login(people["trainer"])
    response = client.get(reverse("wagtailadmin_home"))
    panel = next(p for p in response.context["panels"] if p.name == "reports_stuck_learners")
    assert list(panel.stuck()) == []


def test_the_province_admin_home_has_no_page_counts(client, people):
    client.force_login(people["province_admin"])
    response = client.get(reverse("wagtailadmin_home"))
    assert response.context["site_summary"].summary_items == []
    assert {"reports_waiting_work", "reports_scope_figures"} <= {panel.name for panel in response.context["panels"]}


def test_the_trainer_keeps_wagtails_page_panels(client, people):
    client.force_login(people["trainer"])
    response = client.get(reverse("wagtailadmin_home"))
    assert "recent_edits" in {panel.name for panel in response.context["panels"]}


def _waiting(response) -> dict:
    panel = next(panel for panel in response.context["panels"] if panel.name == "reports_waiting_work")
    with translation.override("en"):
        return {str(queue["label"]): queue["count"] for queue in panel.queues()}


def test_level_applications_wait_once_on_the_admin_homes(client, jinan_client, people, populate):
    populate(4)  # per city: one submitted, one endorsed, one passed, one failed application
    jinan = jinan_client.get(reverse("wagtailadmin_home"))
    assert _waiting(jinan)["Level applications to endorse"] == 1
    assert "Endorsed level applications to accept into a round" not in _waiting(jinan)
    client.force_login(people["province_admin"])
    province = client.get(reverse("wagtailadmin_home"))
    waiting = _waiting(province)
    assert waiting["Level applications to endorse"] == 2
    assert waiting["Endorsed level applications to accept into a round"] == 2
    assert waiting["Divergent panel scores for the chair to decide"] == 0
    assert waiting["Open objections to published round results"] == 0
    assert "certification_work" not in {panel.name for panel in province.context["panels"]}
    assert body(province).count(reverse("certification_queue") + "?status=endorsed") == 1
