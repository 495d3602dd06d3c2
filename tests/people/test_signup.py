"""Self-registration and approval: a new account is pending and has no role until an admin of the applicant's
organization decides; the decision is taken once, by someone else, inside the decider's scope, and e-mailed.
"""

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import ModelLogEntry

from people import services
from people.models import Role, User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Lerne-Fuer-Morgen-42"


def sign_up(client, tree, email="new.applicant@example.cn"):
    return client.post(
        reverse("account_signup"),
        {
            "email": email,
            "password1": PASSWORD,
            "password2": PASSWORD,
            "real_name": "新学员",
            "organization": tree["jinan_agency"].pk,
            "phone": "13912345678",
        },
    )


@pytest.fixture
def applicant(tree):
    return UserFactory(
        email="applicant@example.cn",
        real_name="申请人",
        organization=tree["jinan_agency"],
        approval_status=User.ApprovalStatus.PENDING,
    )


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def decide(client, person, decision, reason=""):
    return client.post(reverse("people_decide", args=[person.pk]), {"decision": decision, "reason": reason})


def test_signing_up_creates_a_pending_person_without_a_role(client, tree):
    response = sign_up(client, tree)
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    person = User.objects.get(email="new.applicant@example.cn")
    assert person.approval_status == User.ApprovalStatus.PENDING
    assert person.real_name == "新学员"
    assert person.organization == tree["jinan_agency"]
    assert person.phone == "13912345678"
    assert not person.groups.exists()
    assert ModelLogEntry.objects.filter(object_id=str(person.pk), action="people.signup.requested").exists()


def test_signup_offers_only_active_institutions(client, tree):
    tree["jinan_university"].is_active = False
    tree["jinan_university"].save()
    form = client.get(reverse("account_signup")).context["form"]
    codes = {org.code for org in form.fields["organization"].queryset}
    assert codes == {"jinan-hrss", "qingdao-hrss", "ouc"}


def test_the_jinan_admin_sees_and_approves_a_jinan_signup(client, people, tree, mailoutbox,
                                                          django_capture_on_commit_callbacks):
    sign_up(client, tree)
    person = User.objects.get(email="new.applicant@example.cn")
    mailoutbox.clear()  # allauth's address confirmation

    client.force_login(people["jinan_admin"])
    pending = client.get(reverse("people_pending"))
    assert pending.status_code == 200
    assert [p.pk for p in pending.context["page_obj"]] == [person.pk]

    with django_capture_on_commit_callbacks(execute=True):
        response = decide(client, person, "approve")
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.approval_status == User.ApprovalStatus.APPROVED
    assert person.has_role(Role.COUNSELOR)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["new.applicant@example.cn"]
    assert "新学员" in mailoutbox[0].body
    assert "http://testserver" + reverse("account_login") in mailoutbox[0].body
    assert ModelLogEntry.objects.filter(object_id=str(person.pk), action="people.signup.approved").exists()
    assert [p.pk for p in client.get(reverse("people_pending")).context["page_obj"]] == []


def test_rejecting_needs_a_reason(client, people, applicant, mailoutbox, django_capture_on_commit_callbacks):
    client.force_login(people["jinan_admin"])
    response = decide(client, applicant, "reject", reason="   ")
    assert response.status_code == 302
    applicant.refresh_from_db()
    assert applicant.is_pending
    assert len(messages_of(response)) == 1

    with django_capture_on_commit_callbacks(execute=True):
        decide(client, applicant, "reject", reason="不是本机构工作人员")
    applicant.refresh_from_db()
    assert applicant.approval_status == User.ApprovalStatus.REJECTED
    assert not applicant.groups.exists()
    assert len(mailoutbox) == 1
    assert "不是本机构工作人员" in mailoutbox[0].body


def test_an_unreadable_decision_changes_nothing(client, people, applicant):
    client.force_login(people["jinan_admin"])
    decide(client, applicant, "promote")
    applicant.refresh_from_db()
    assert applicant.is_pending


def test_deciding_twice_says_already_decided_and_changes_nothing(client, people, applicant, mailoutbox,
                                                                 django_capture_on_commit_callbacks):
    client.force_login(people["jinan_admin"])
    with django_capture_on_commit_callbacks(execute=True):
        decide(client, applicant, "approve")
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = decide(client, applicant, "reject", reason="改主意了")
    applicant.refresh_from_db()
    assert applicant.approval_status == User.ApprovalStatus.APPROVED
    assert applicant.has_role(Role.COUNSELOR)
    assert mailoutbox == []
    with pytest.raises(services.PeopleError) as error:
        services.approve_signup(people["jinan_admin"], applicant.pk)
    assert error.value.code == "already_decided"
    assert error.value.message in messages_of(response)


def test_nobody_decides_their_own_registration(client, people):
    admin = people["jinan_admin"]
    User.objects.filter(pk=admin.pk).update(approval_status=User.ApprovalStatus.PENDING)
    admin.refresh_from_db()
    with pytest.raises(services.PeopleError) as error:
        services.approve_signup(admin, admin.pk)
    assert error.value.code == "own_registration"

    client.force_login(admin)  # a pending account gets no admin at all (people.access)
    assert client.get(reverse("people_pending")).status_code == 403
    decide(client, admin, "approve")
    admin.refresh_from_db()
    assert admin.is_pending


def test_the_qingdao_admin_cannot_decide_a_jinan_applicant(client, people, applicant, mailoutbox):
    with pytest.raises(services.PeopleError) as error:
        services.approve_signup(people["qingdao_admin"], applicant.pk)
    assert error.value.code == "not_found"

    client.force_login(people["qingdao_admin"])
    assert applicant.pk not in [p.pk for p in client.get(reverse("people_pending")).context["page_obj"]]
    decide(client, applicant, "approve")
    decide(client, applicant, "reject", reason="不认识")
    applicant.refresh_from_db()
    assert applicant.is_pending
    assert not applicant.groups.exists()
    assert mailoutbox == []


def test_a_counselor_cannot_decide(client, people, applicant):
    client.force_login(people["jinan_counselor"])
    response = decide(client, applicant, "approve")
    assert response.status_code in (302, 403)
    applicant.refresh_from_db()
    assert applicant.is_pending


def test_the_province_admin_decides_in_any_city(people, tree):
    qingdao_applicant = UserFactory(organization=tree["qingdao_agency"], approval_status=User.ApprovalStatus.PENDING)
    services.approve_signup(people["province_admin"], qingdao_applicant.pk)
    qingdao_applicant.refresh_from_db()
    assert qingdao_applicant.approval_status == User.ApprovalStatus.APPROVED


def test_the_pending_list_runs_as_many_queries_for_30_applicants_as_for_3(client, people, tree,
                                                                         django_assert_num_queries):
    client.force_login(people["jinan_admin"])
    UserFactory.create_batch(3, organization=tree["jinan_agency"], approval_status=User.ApprovalStatus.PENDING)
    with CaptureQueriesContext(connection) as with_three:
        response = client.get(reverse("people_pending"))
    assert len(response.context["page_obj"]) == 3

    UserFactory.create_batch(27, organization=tree["jinan_university"], approval_status=User.ApprovalStatus.PENDING)
    with django_assert_num_queries(len(with_three)):
        response = client.get(reverse("people_pending"))
    assert len(response.context["page_obj"]) == 30
