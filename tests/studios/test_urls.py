"""Every studio and self-assessment URL for every role: the public directory and a listed studio's page for all
(pending and rejected accounts meet the approval gate), 我的工作室 for the signed in, the lead's edit page for the
lead only, a self-assessment and its evidence for the studio's people, the admins whose scope holds it and the
experts seated on its panel; everyone else gets a 404 exactly like a row that does not exist."""

import pytest
from django.urls import reverse

from experts.models import Panel
from people.models import Role, User
from studios import services
from studios.models import Studio
from studios.subjects import PURPOSE
from tests.experts.builders import make_expert
from tests.factories import UserFactory
from tests.helpers import refused
from tests.studios.conftest import full_lines, make_studio, pdf

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "pending", "rejected", "lead", "member", "other_counselor", "own_admin", "other_admin",
         "province_admin", "seated_expert", "unseated_expert"]


@pytest.fixture
def world(studio, standard, people, tree, member):
    experts = [make_expert(tree["qingdao_university"], email="seated@example.cn"),
               make_expert(tree["jinan_agency"], email="unseated@example.cn")]  # the studio's own: never seated
    lead = people["jinan_counselor"]
    assessment = services.start_assessment(studio.pk, actor=lead)
    criterion_id = assessment.lines.first().criterion_id
    services.save_draft(assessment.pk, actor=lead, lines=full_lines(assessment), files={criterion_id: [pdf()]})
    services.submit_assessment(assessment.pk, actor=lead)
    services.endorse_assessment(assessment.pk, actor=people["jinan_admin"])
    services.send_to_panel(assessment.pk, actor=people["province_admin"], size=1)
    assert Panel.objects.get(purpose=PURPOSE).seats.get().expert == experts[0]
    closed = make_studio(tree["jinan_agency"], lead, name="已关闭的职业指导角", kind=Studio.Kind.CORNER,
                         status=Studio.Status.CLOSED)
    hidden = make_studio(tree["jinan_agency"], lead, name="内部工作室", is_public=False)
    draft = services.start_assessment(hidden.pk, actor=lead)
    services.save_draft(draft.pk, actor=lead, files={criterion_id: [pdf("草稿证明.pdf")]})
    accounts = {
        "lead": lead, "member": member, "other_counselor": people["qingdao_counselor"],
        "own_admin": people["jinan_admin"], "other_admin": people["qingdao_admin"],
        "province_admin": people["province_admin"], "seated_expert": experts[0].user,
        "unseated_expert": experts[1].user,
    }
    for status in ("pending", "rejected"):
        user = UserFactory(email=f"{status}@example.cn", organization=tree["jinan_agency"], roles=[Role.COUNSELOR])
        User.objects.filter(pk=user.pk).update(approval_status=status)
        accounts[status] = User.objects.get(pk=user.pk)
    return {"studio": studio, "closed": closed, "hidden": hidden, "assessment": assessment, "draft": draft,
            "evidence": assessment.evidence.get(), "draft_evidence": draft.evidence.get(), "accounts": accounts}


def sign_in(client, world, role):
    if role != "anonymous":
        client.force_login(world["accounts"][role])
    return client


@pytest.mark.parametrize("role", ROLES)
def test_public_pages(client, world, role):
    sign_in(client, world, role)
    gated = role in ("pending", "rejected")
    directory = client.get(reverse("studios:directory"))
    page = client.get(world["studio"].get_absolute_url())
    assert (directory.status_code, page.status_code) == ((403, 403) if gated else (200, 200))
    for unlisted in (world["closed"], world["hidden"]):
        assert client.get(unlisted.get_absolute_url()).status_code in ((403,) if gated else (404,))
    assert client.get(reverse("studios:detail", args=[999999])).status_code in (403, 404)
    if not gated:
        assert world["studio"].name in directory.content.decode()
        assert world["closed"].name not in directory.content.decode()


SEES_ASSESSMENT = {"lead", "member", "own_admin", "province_admin", "seated_expert"}
SEES_DRAFT = {"lead", "own_admin", "province_admin"}  # the hidden studio has no members


@pytest.mark.parametrize("role", ROLES)
def test_self_assessment_and_evidence(client, world, role):
    sign_in(client, world, role)
    urls = {
        "assessment": reverse("studios:assessment", args=[world["assessment"].pk]),
        "evidence": reverse("studios:evidence", args=[world["evidence"].pk]),
        "draft": reverse("studios:assessment", args=[world["draft"].pk]),
        "draft_evidence": reverse("studios:evidence", args=[world["draft_evidence"].pk]),
    }
    for name, url in urls.items():
        response = client.get(url)
        if role == "anonymous":
            assert response.status_code == 302 and reverse("account_login") in response["Location"], name
        elif role in ("pending", "rejected"):
            assert response.status_code == 403, name
        else:
            allowed = SEES_DRAFT if name.startswith("draft") else SEES_ASSESSMENT
            assert response.status_code == (200 if role in allowed else 404), (name, role)
            if name.endswith("evidence") and response.status_code == 200:
                assert b"".join(response.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize("role", ROLES)
def test_my_studio_and_the_leads_pages(client, world, role):
    sign_in(client, world, role)
    studio = world["studio"]
    mine = client.get(reverse("studios:mine"))
    details = client.get(reverse("studios:edit_details", args=[studio.pk]))
    start = client.post(reverse("studios:start", args=[world["closed"].pk]))
    remove = client.post(reverse("studios:remove_evidence", args=[world["draft_evidence"].pk]))
    if role == "anonymous":
        assert all(r.status_code == 302 and reverse("account_login") in r["Location"]
                   for r in (mine, details, start, remove))
        return
    if role in ("pending", "rejected"):
        assert {r.status_code for r in (mine, details, start, remove)} == {403}
        return
    assert mine.status_code == 200
    assert (studio.name in mine.content.decode()) == (role in ("lead", "member"))
    assert details.status_code == (200 if role == "lead" else 404)
    # starting an assessment of a studio one cannot see is a 404 (the closed studio has no members)
    assert start.status_code == (302 if role in ("lead", "own_admin", "province_admin") else 404)
    assert remove.status_code == (302 if role in ("lead", "own_admin", "province_admin") else 404)
    assert world["draft"].evidence.exists() == (role not in ("lead", "own_admin", "province_admin"))


@pytest.mark.parametrize("role", ROLES)
def test_admin_screens(client, world, role):
    sign_in(client, world, role)
    studio = world["studio"]
    queue = client.get(reverse("studios_queue") + "?status=in_review")
    edit = client.get(reverse("studio_admin:edit", args=[studio.pk]))
    inspect = client.get(reverse("studio_admin:inspect", args=[studio.pk]))
    standards = client.get(reverse("studio_standards:index"))
    if role in ("own_admin", "province_admin"):
        assert queue.status_code == edit.status_code == inspect.status_code == 200
        assert studio.name in queue.content.decode()
        assert standards.status_code == 200
    elif role == "other_admin":
        assert queue.status_code == 200 and studio.name not in queue.content.decode()
        assert refused(edit) and refused(inspect)
    else:
        assert all(response.status_code in (302, 403, 404) for response in (queue, edit, inspect, standards))
        assert not any(studio.name in response.content.decode() for response in (queue, edit, inspect))


def test_deciding_outside_ones_scope_changes_nothing(client, world, people, studio, standard):
    second = make_studio(studio.organization, people["jinan_counselor"], name="第二工作室")
    assessment = services.start_assessment(second.pk, actor=people["jinan_counselor"])
    services.save_draft(assessment.pk, actor=people["jinan_counselor"], lines=full_lines(assessment))
    services.submit_assessment(assessment.pk, actor=people["jinan_counselor"])
    client.force_login(people["qingdao_admin"])
    response = client.post(reverse("studios_decide", args=[assessment.pk]), {"decision": "endorse"})
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == "submitted"
    client.force_login(people["jinan_admin"])
    client.post(reverse("studios_decide", args=[assessment.pk]), {"decision": "return", "reason": ""})
    assessment.refresh_from_db()
    assert assessment.status == "submitted"
    client.post(reverse("studios_decide", args=[assessment.pk]), {"decision": "endorse"})
    assessment.refresh_from_db()
    assert assessment.status == "endorsed"
