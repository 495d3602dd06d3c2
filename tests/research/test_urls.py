"""Every research URL for every role: anonymous, pending, rejected, the lead, a member, another counselor, the
project organization's admin, another city's admin, the province admin and an expert. A project in the works is
seen only by its people and the admins in scope; a concluded one by every approved person. Actions by anyone but
the allowed person change nothing. Pages run fixed queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from people.models import Role, User
from research import services
from research.models import Membership, Milestone, Project
from tests.factories import UserFactory, counselor
from tests.helpers import refused
from tests.research.conftest import plan

ROLES = ["anonymous", "pending", "rejected", "lead", "member", "other_counselor", "own_admin", "other_admin",
         "province_admin", "expert"]


@pytest.fixture
def logins(people, tree, lead, member):
    def person(email, status):
        return UserFactory(email=email, organization=tree["jinan_agency"], roles=[Role.COUNSELOR],
                           approval_status=status)

    return {
        "anonymous": None, "pending": person("pending@example.cn", User.ApprovalStatus.PENDING),
        "rejected": person("rejected@example.cn", User.ApprovalStatus.REJECTED), "lead": lead, "member": member,
        "other_counselor": people["qingdao_counselor"], "own_admin": people["jinan_admin"],
        "other_admin": people["qingdao_admin"], "province_admin": people["province_admin"], "expert": people["expert"],
    }


def _client(client, logins, role):
    if logins[role] is not None:
        client.force_login(logins[role])
    return client


IN_THE_WORKS = {"anonymous": 302, "pending": 403, "rejected": 403, "lead": 200, "member": 200,
                "other_counselor": 404, "own_admin": 200, "other_admin": 404, "province_admin": 200, "expert": 404}


@pytest.mark.parametrize("role", ROLES)
def test_a_running_project_is_seen_by_its_people_and_admins(client, logins, running, role):
    response = _client(client, logins, role).get(reverse("research:project", args=[running.pk]))
    assert response.status_code == IN_THE_WORKS[role]


@pytest.mark.parametrize("role", ROLES)
def test_a_concluded_project_is_read_by_every_approved_person(client, logins, concluded, people, role):
    services.publish_output(concluded.outputs.get().pk, actor=people["jinan_admin"])
    response = _client(client, logins, role).get(reverse("research:project", args=[concluded.pk]))
    expected = {"anonymous": 302, "pending": 403, "rejected": 403}.get(role, 200)
    assert response.status_code == expected
    if expected == 200:
        page = response.content.decode()
        assert concluded.outputs.get().resource.url in page
        assert ("问卷调查与个案访谈" in page) == (role in ("lead", "member", "own_admin", "province_admin"))


@pytest.mark.parametrize("role", ROLES)
def test_the_list_shows_what_one_may_read(client, logins, running, role):
    response = _client(client, logins, role).get(reverse("research:list"))
    expected = {"anonymous": 302, "pending": 403, "rejected": 403}.get(role, 200)
    assert response.status_code == expected
    if expected == 200:
        assert (running.title in response.content.decode()) == (IN_THE_WORKS[role] == 200)


@pytest.mark.parametrize("role", ROLES)
def test_only_the_lead_adds_milestones(client, logins, running, role):
    _client(client, logins, role).post(reverse("research:act", args=[running.pk, "milestone"]),
                                       {"m-title": "新里程碑", "m-due_on": "2026-12-31"})
    assert Milestone.objects.filter(title="新里程碑").exists() == (role == "lead")


@pytest.mark.parametrize("role", ROLES)
def test_only_admins_in_scope_approve(client, logins, proposed, role):
    _client(client, logins, role).post(reverse("research:act", args=[proposed.pk, "approve"]))
    approved = Project.objects.get(pk=proposed.pk).status == Project.Status.APPROVED
    assert approved == (role in ("own_admin", "province_admin"))


@pytest.mark.parametrize("role", ROLES)
def test_only_members_claim(client, logins, concluded, role):
    from research.models import ParticipationClaim

    _client(client, logins, role).post(reverse("research:act", args=[concluded.pk, "claim"]), {"h-hours": "10"})
    assert ParticipationClaim.objects.filter(project=concluded).exists() == (role in ("lead", "member"))


def test_an_unknown_action_is_a_404(client, lead, running):
    client.force_login(lead)
    assert client.post(reverse("research:act", args=[running.pk, "explode"])).status_code == 404


def test_propose_through_the_page(client, lead, member):
    client.force_login(lead)
    data = {**{k: v for k, v in plan().items()}, "members": f"{member.email}\n"}
    response = client.post(reverse("research:propose"), data)
    project = Project.objects.get()
    assert response.status_code == 302 and project.memberships.get().member == member


def test_propose_with_unknown_members_is_a_400(client, lead):
    client.force_login(lead)
    response = client.post(reverse("research:propose"), {**plan(), "members": "nobody@example.cn"})
    assert response.status_code == 400 and not Project.objects.exists()


ADMIN = {"lead": False, "member": False, "other_counselor": False, "own_admin": True, "other_admin": True,
         "province_admin": True, "expert": False}


@pytest.mark.parametrize("role", list(ADMIN))
def test_admin_queue_and_listing_are_scoped(client, logins, proposed, role):
    client = _client(client, logins, role)
    queue = client.get(reverse("research_queue"))
    inspect = client.get(reverse("research_projects:inspect", args=[proposed.pk]))
    if not ADMIN[role]:
        assert refused(queue) and refused(inspect)
        return
    visible = role in ("own_admin", "province_admin")
    assert queue.status_code == 200 and (proposed.title in queue.content.decode()) == visible
    assert (inspect.status_code == 200) == visible
    export = client.get(reverse("research_projects:index") + "?export=csv")
    from tests.helpers import body

    assert (proposed.title in body(export)) == visible


def _count(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return len(captured)


def test_the_project_page_runs_fixed_queries(client, running, lead, tree):
    url = reverse("research:project", args=[running.pk])
    client.force_login(lead)
    one = _count(client, url)
    for index in range(15):
        Membership.objects.create(project=running, member=counselor(organization=tree["jinan_agency"],
                                                                    email=f"m{index}@example.cn"))
        Milestone.objects.create(project=running, title=f"阶段{index}",
                                 due_on=running.starts_on + datetime.timedelta(days=index))
    assert _count(client, url) == one


def test_the_list_runs_fixed_queries(client, lead, member):
    client.force_login(member)
    url = reverse("research:list")
    services.propose_project(lead, members=[(member, "member", "")], **plan(title="课题0"))
    one = _count(client, url)
    for index in range(1, 15):
        services.propose_project(lead, members=[(member, "member", "")], **plan(title=f"课题{index}"))
    assert _count(client, url) == one
