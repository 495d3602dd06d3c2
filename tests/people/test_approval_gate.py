"""The approval gate: a pending account sees its status and nothing more; a rejected one sees that it was refused.

Every entry point is tried with a pending and a rejected account of the Jinan agency (both even hold the counselor
role, so nothing but the approval status stands in their way), over HTTP and at the service; each must refuse and
change nothing. The same steps succeed for the approved Jinan counselor, so the refusals are the gate's doing.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.urls import reverse

from courses import services as courses
from courses.models import CourseItemProgress, Enrollment, LessonPage
from cpd import services as cpd
from cpd.models import CreditEntry, ExternalClaim
from library import services as library
from library.access import can_open, openable
from library.models import Bookmark, Download, ResourcePage
from people.access import AccessError, is_active_member, require_active
from people.models import Role, User
from people.services import reject_signup
from people.wagtail_hooks import check_document_access
from quizzes import services as quizzes
from quizzes.models import Attempt
from tests.courses.conftest import catalogue, make_course  # noqa: F401  (fixtures used here)
from tests.factories import UserFactory
from tests.library.builders import attach, resource
from tests.quizzes.conftest import answers_for, make_quiz, mixed_questions  # noqa: F401
from tests.workshops.conftest import events_index, make_event  # noqa: F401
from workshops import services as workshops
from workshops.models import Registration

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
CLAIM = {
    "activity_kind": ExternalClaim.ActivityKind.CONFERENCE, "title": "全国职业指导年会",
    "occurred_on": datetime.date(2026, 1, 10), "hours": Decimal("6.0"), "category": CreditEntry.Category.PROFESSIONAL,
}
LESSON_TEXT = "建立信任"


def evidence():
    return SimpleUploadedFile("certificate.pdf", PDF, content_type="application/pdf")


@pytest.fixture
def world(people, tree, make_course, make_quiz, mixed_questions, make_event):  # noqa: F811
    """A course with a lesson and a quiz, restricted and signed-in resources with files, and a workshop."""
    course = make_course(lessons=1)
    quiz = make_quiz(course, questions=mixed_questions, attempts_allowed=3, pass_mark=60)
    restricted = resource("济南市内部案例汇编", access=ResourcePage.Access.RESTRICTED, restricted_to=tree["jinan"])
    signed_in = resource("求职技巧手册", access=ResourcePage.Access.SIGNED_IN)
    return {
        "course": course, "lesson": LessonPage.objects.child_of(course).get(), "quiz": quiz,
        "restricted": restricted, "restricted_file": attach(restricted, "cases.pdf", b"%PDF-1.4 secret"),
        "signed_in": signed_in, "signed_in_file": attach(signed_in, "guide.pdf", b"%PDF-1.4 guide"),
        "event": make_event(),
    }


def make_account(tree, email: str) -> User:
    """An approved counselor of the Jinan agency (the `accounts` fixture then takes the approval away)."""
    return UserFactory(email=email, real_name=email.split("@")[0], organization=tree["jinan_agency"],
                       roles=[Role.COUNSELOR])


def set_status(user: User, status: str) -> User:
    User.objects.filter(pk=user.pk).update(approval_status=status)
    user.refresh_from_db()
    return user


@pytest.fixture
def accounts(tree, people, world):
    """{"pending": ..., "rejected": ...}: each enrolled, with an open attempt and a rejected claim from a time when
    it was approved, so the actions that need an earlier step have something to act on."""
    result = {}
    for status in ("pending", "rejected"):
        user = make_account(tree, f"{status}@example.cn")
        enrollment = courses.enroll(user, world["course"])
        attempt = quizzes.start_attempt(user, world["quiz"])
        claim = cpd.submit_claim(user, **CLAIM, files=[evidence()])
        cpd.reject_claim(claim.pk, actor=people["jinan_admin"], reason="证明不清晰")
        user.enrollment, user.attempt, user.claim = enrollment, attempt, claim
        result[status] = user
    set_status(result["pending"], User.ApprovalStatus.PENDING)
    set_status(result["rejected"], User.ApprovalStatus.PENDING)
    reject_signup(people["jinan_admin"], result["rejected"].pk, "未能核实工作单位")
    result["rejected"].refresh_from_db()
    for status, user in result.items():
        user.enrollment, user.attempt, user.claim = (
            Enrollment.objects.get(user=user), Attempt.objects.get(user=user), ExternalClaim.objects.get(counselor=user)
        )
        assert user.approval_status == status
    return result


STATUSES = ["pending", "rejected"]


def state(user) -> tuple:
    """Everything the entry points could change for `user`."""
    return (
        Enrollment.objects.filter(user=user).count(),
        CourseItemProgress.objects.filter(enrollment__user=user, completed_at__isnull=False).count(),
        Attempt.objects.filter(user=user).count(),
        Attempt.objects.filter(user=user, status=Attempt.Status.IN_PROGRESS).count(),
        sum(1 for item in Attempt.objects.get(user=user).items.all() if item.answered_at),
        ExternalClaim.objects.filter(counselor=user).count(),
        ExternalClaim.objects.filter(counselor=user, status=ExternalClaim.Status.REJECTED).count(),
        Download.objects.filter(user=user).count(),
        Bookmark.objects.filter(user=user).count(),
        Registration.objects.filter(user=user).count(),
    )


def read(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


# (name, method, url builder, data builder); each is tried by pending and rejected accounts and must be refused.
ENTRY_POINTS = [
    ("restricted file", "get", lambda w, u: reverse("library:download", args=[w["restricted_file"].pk]), None),
    ("signed-in file", "get", lambda w, u: reverse("library:download", args=[w["signed_in_file"].pk]), None),
    ("restricted document URL", "get", lambda w, u: w["restricted_file"].document.url, None),
    ("signed-in document URL", "get", lambda w, u: w["signed_in_file"].document.url, None),
    ("restricted resource page", "get", lambda w, u: w["restricted"].url, None),
    ("enroll", "post", lambda w, u: reverse("courses:enroll", args=[w["course"].pk]), lambda w, u: {}),
    ("lesson page", "get", lambda w, u: w["lesson"].url, None),
    ("lesson done", "post", lambda w, u: reverse("courses:lesson_done", args=[w["lesson"].pk]), lambda w, u: {}),
    ("my learning", "get", lambda w, u: reverse("courses:my_learning"), None),
    ("quiz start", "post", lambda w, u: reverse("quizzes:start", args=[w["quiz"].pk]), lambda w, u: {}),
    ("quiz attempt page", "get", lambda w, u: reverse("quizzes:attempt", args=[u.attempt.pk]), None),
    ("save answers", "post", lambda w, u: reverse("quizzes:answer", args=[u.attempt.pk]),
     lambda w, u: {"present": [str(pk) for pk in answers_for(u.attempt)],
                   **{f"q-{pk}": v for pk, v in answers_for(u.attempt).items()}}),
    ("submit attempt", "post", lambda w, u: reverse("quizzes:answer", args=[u.attempt.pk]),
     lambda w, u: {"action": "submit"}),
    ("CPD claim", "post", lambda w, u: reverse("cpd:claim_new"),
     lambda w, u: {**CLAIM, "occurred_on": "2026-01-10", "hours": "6.0", "files": [evidence()]}),
    ("CPD resubmit", "post", lambda w, u: reverse("cpd:claim_resubmit", args=[u.claim.pk]),
     lambda w, u: {**CLAIM, "occurred_on": "2026-01-10", "hours": "5.0"}),
    ("my CPD", "get", lambda w, u: reverse("cpd:my_cpd"), None),
    ("bookmark", "post", lambda w, u: reverse("library:bookmark", args=[w["signed_in"].pk]),
     lambda w, u: {"action": "add"}),
    ("workshop sign-up", "post", lambda w, u: reverse("workshops:register", args=[w["event"].session.pk]),
     lambda w, u: {}),
    ("search", "get", lambda w, u: reverse("search:search") + "?q=案例", None),
    ("library", "get", lambda w, u: reverse("library:index"), None),
    ("admin", "get", lambda w, u: "/admin/", None),
]


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize(("name", "method", "url", "data"), ENTRY_POINTS, ids=[e[0] for e in ENTRY_POINTS])
def test_unapproved_accounts_are_refused_and_change_nothing(client, world, accounts, status, name, method, url,
                                                           data):
    user = accounts[status]
    client.force_login(user)
    before = state(user)
    target = url(world, user)
    response = client.post(target, data(world, user)) if method == "post" else client.get(target)
    content = read(response)
    assert response.status_code == 403, (name, response.status_code)
    assert b'id="approval-status"' in content
    assert b"%PDF" not in content
    assert LESSON_TEXT.encode() not in content
    assert state(user) == before


@pytest.mark.parametrize(("name", "method", "url", "data"), ENTRY_POINTS, ids=[e[0] for e in ENTRY_POINTS])
def test_an_approved_counselor_passes_the_same_entry_points(client, people, world, name, method, url, data):
    """The control: the gate refuses nothing to an approved counselor of the same organization."""
    user = people["jinan_counselor"]
    courses.enroll(user, world["course"])
    user.attempt = quizzes.start_attempt(user, world["quiz"])
    user.claim = cpd.submit_claim(user, **CLAIM, files=[evidence()])
    cpd.reject_claim(user.claim.pk, actor=people["jinan_admin"], reason="证明不清晰")
    client.force_login(user)
    target = url(world, user)
    response = client.post(target, data(world, user)) if method == "post" else client.get(target)
    read(response)
    assert response.status_code != 403 or name == "admin", (name, response.status_code)


def test_the_pending_dashboard_and_profile_show_the_status(client, accounts):
    client.force_login(accounts["pending"])
    dashboard = client.get(reverse("home:dashboard"))
    assert dashboard.status_code == 200
    assert 'id="approval-status"' in dashboard.content.decode()
    assert "济南市公共就业服务中心" in dashboard.content.decode()
    assert not dashboard.context.get("learning") and not dashboard.context.get("links")
    assert client.get(reverse("people:profile")).status_code == 200


def test_a_rejected_account_sees_the_refusal_with_its_reason_and_nothing_else(client, accounts):
    client.force_login(accounts["rejected"])
    dashboard = client.get(reverse("home:dashboard"))
    assert dashboard.status_code == 200
    assert "未能核实工作单位" in dashboard.content.decode()
    gate = client.get(reverse("people:profile"))
    assert gate.status_code == 403
    assert "未能核实工作单位" in gate.content.decode()


def test_a_pending_staff_account_gets_no_admin(client, tree):
    trainer = UserFactory(email="pending.trainer@example.cn", organization=tree["jinan_agency"],
                          roles=[Role.TRAINER], approval_status=User.ApprovalStatus.PENDING)
    client.force_login(trainer)
    for url in ("/admin/", "/admin/pages/", "/admin/documents/", "/admin/users/"):
        assert client.get(url).status_code == 403


# --- the rule itself, at every service and access check ------------------------------------------------------


def test_the_rule():
    assert not is_active_member(None)
    with pytest.raises(AccessError) as refused:
        require_active(User(approval_status=User.ApprovalStatus.PENDING))
    assert refused.value.code in ("sign_in", "pending_approval")


SERVICE_CALLS = [
    ("enroll", lambda w, u: courses.enroll(u, w["course"])),
    ("complete_lesson", lambda w, u: courses.complete_lesson(u, w["lesson"])),
    ("start_attempt", lambda w, u: quizzes.start_attempt(u, w["quiz"])),
    ("save_answers", lambda w, u: quizzes.save_answers(u.attempt.pk, u, answers_for(u.attempt))),
    ("finish_attempt", lambda w, u: quizzes.finish_attempt(u.attempt.pk, user=u)),
    ("submit_claim", lambda w, u: cpd.submit_claim(u, **CLAIM, files=[evidence()])),
    ("resubmit_claim", lambda w, u: cpd.resubmit_claim(u.claim.pk, u, **CLAIM)),
    ("record_download", lambda w, u: library.record_download(u, w["signed_in"])),
    ("bookmark", lambda w, u: library.bookmark(u, w["signed_in"])),
]


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize(("name", "call"), SERVICE_CALLS, ids=[c[0] for c in SERVICE_CALLS])
def test_every_service_refuses_with_a_code(world, accounts, status, name, call):
    user = accounts[status]
    before = state(user)
    with pytest.raises(AccessError) as refused:
        call(world, user)
    assert refused.value.code == {"pending": "pending_approval", "rejected": "rejected"}[status]
    assert state(user) == before


@pytest.mark.parametrize("status", STATUSES)
def test_workshop_sign_up_goes_through_the_same_rule(world, accounts, status):
    with pytest.raises(workshops.RegistrationError) as refused:
        workshops.sign_up(world["event"].session.pk, accounts[status])
    assert refused.value.code == "not_approved"


@pytest.mark.parametrize("status", STATUSES)
def test_access_checks_treat_unapproved_accounts_as_visitors(rf, world, accounts, status):
    user = accounts[status]
    assert not can_open(user, world["restricted"])
    assert not can_open(user, world["signed_in"])
    opened = set(openable(ResourcePage.objects.all(), user).values_list("pk", flat=True))
    assert opened.isdisjoint({world["restricted"].pk, world["signed_in"].pk})
    _enrollment, reason = courses.item_access(user, world["lesson"])
    assert reason
    assert courses.mark_item_complete(user.enrollment, world["lesson"]) is False
    request = rf.get("/")
    request.user = user
    with pytest.raises(Http404):
        check_document_access(world["restricted_file"].document, request)
    assert state(user)[1] == 0
