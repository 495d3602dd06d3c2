"""Every placement URL for every role: anonymous, pending, rejected, the owner, another counselor, the owner's
organization admin, another city's admin, the province admin and an expert. Nobody outside the placement's scope
learns it exists (404); the supervisor's page needs no account but a live token."""

import pytest
from django.urls import reverse

from cpd.models import CreditEntry
from people.models import Role, User
from practicum.models import Placement
from tests.factories import UserFactory
from tests.helpers import refused

ROLES = ["anonymous", "pending", "rejected", "owner", "other_counselor", "own_admin", "other_admin",
         "province_admin", "expert"]


@pytest.fixture
def logins(people, tree):
    def person(email, status):
        return UserFactory(email=email, organization=tree["jinan_agency"], roles=[Role.COUNSELOR],
                           approval_status=status)

    return {
        "anonymous": None,
        "pending": person("pending@example.cn", User.ApprovalStatus.PENDING),
        "rejected": person("rejected@example.cn", User.ApprovalStatus.REJECTED),
        "owner": people["jinan_counselor"], "other_counselor": people["qingdao_counselor"],
        "own_admin": people["jinan_admin"], "other_admin": people["qingdao_admin"],
        "province_admin": people["province_admin"], "expert": people["expert"],
    }


def _client(client, logins, role):
    if logins[role] is not None:
        client.force_login(logins[role])
    return client


PLACEMENT_PAGE = {"anonymous": 302, "pending": 403, "rejected": 403, "owner": 200, "other_counselor": 404,
                  "own_admin": 200, "other_admin": 404, "province_admin": 200, "expert": 404}


@pytest.mark.parametrize("role", ROLES)
def test_placement_page(client, logins, in_progress, role):
    response = _client(client, logins, role).get(reverse("practicum:placement", args=[in_progress.pk]))
    assert response.status_code == PLACEMENT_PAGE[role]
    if response.status_code == 302:
        assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize("role", ROLES)
def test_my_practice_lists_only_ones_own(client, logins, in_progress, role):
    response = _client(client, logins, role).get(reverse("practicum:mine"))
    expected = {"anonymous": 302, "pending": 403, "rejected": 403}.get(role, 200)
    assert response.status_code == expected
    assert (in_progress.title in response.content.decode()) == (role == "owner")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", ["submit", "withdraw"])
def test_only_the_owner_submits_or_withdraws(client, logins, in_progress, role, name,
                                             django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = _client(client, logins, role).post(reverse(f"practicum:{name}", args=[in_progress.pk]))
    status = Placement.objects.get(pk=in_progress.pk).status
    if role == "owner":
        assert response.status_code == 302
        assert status == (Placement.Status.SUBMITTED if name == "submit" else Placement.Status.WITHDRAWN)
    else:
        assert response.status_code in (302, 403, 404) and status == Placement.Status.IN_PROGRESS
        if response.status_code == 302:
            assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize("role", ROLES)
def test_only_the_owner_removes_entries(client, logins, in_progress, role):
    entry = in_progress.entries.first()
    url = reverse("practicum:delete_entry", args=[in_progress.pk, entry.pk])
    _client(client, logins, role).post(url)
    assert in_progress.entries.filter(pk=entry.pk).exists() == (role != "owner")


@pytest.mark.parametrize("role", ROLES)
def test_the_sign_off_page_opens_for_a_live_token_whoever_asks(client, logins, submitted, role):
    _placement, token = submitted
    response = _client(client, logins, role).get(reverse("practicum:signoff", args=[token]))
    expected = 403 if role in ("pending", "rejected") else 200  # the approval gate answers signed-in accounts
    assert response.status_code == expected


def test_the_sign_off_page_shows_the_log_and_no_other_personal_data(client, submitted, people):
    placement, token = submitted
    page = client.get(reverse("practicum:signoff", args=[token])).content.decode()
    assert "第1天：参与招聘会" in page and placement.title in page
    counselor = people["jinan_counselor"]
    assert counselor.email not in page and counselor.organization.name not in page


@pytest.mark.parametrize("token", ["nope", "1-" + "0" * 64, "x" * 300])
def test_a_forged_token_shows_the_invalid_page(client, submitted, token):
    response = client.get(reverse("practicum:signoff", args=[token]))
    assert response.status_code == 404 and "链接无效" in response.content.decode()
    response = client.post(reverse("practicum:signoff", args=[token]),
                           {"decision": "sign", "hours": "5", "assessment": "好", "signature": "某"})
    assert response.status_code == 404 and not CreditEntry.objects.exists()


def test_the_supervisor_signs_through_the_page_once(client, submitted):
    _placement, token = submitted
    url = reverse("practicum:signoff", args=[token])
    data = {"decision": "sign", "hours": "12", "assessment": "认真负责", "signature": "李主管"}
    response = client.post(url, data)
    assert response.status_code == 200 and "签核" in response.content.decode()
    assert CreditEntry.objects.get().hours == 12
    replay = client.post(url, data)
    assert replay.status_code == 404 and CreditEntry.objects.count() == 1


def test_bad_sign_off_input_is_a_400_and_changes_nothing(client, submitted):
    placement, token = submitted
    url = reverse("practicum:signoff", args=[token])
    for data in ({"decision": "sign", "hours": "abc", "assessment": "好", "signature": "李"},
                 {"decision": "sign", "hours": "99", "assessment": "好", "signature": "李"},
                 {"decision": "return", "reason": ""}):
        assert client.post(url, data).status_code == 400
    assert Placement.objects.get(pk=placement.pk).status == Placement.Status.SUBMITTED


def test_the_supervisor_returns_through_the_page(client, submitted):
    placement, token = submitted
    response = client.post(reverse("practicum:signoff", args=[token]), {"decision": "return", "reason": "请补充"})
    assert response.status_code == 200
    assert Placement.objects.get(pk=placement.pk).status == Placement.Status.RETURNED


ADMIN_QUEUE = {"owner": False, "other_counselor": False, "own_admin": True, "other_admin": True,
               "province_admin": True, "expert": False}


@pytest.mark.parametrize("role", list(ADMIN_QUEUE))
def test_admin_queue_lists_only_the_scope(client, logins, submitted, role):
    placement, _token = submitted
    response = _client(client, logins, role).get(reverse("practicum_queue") + "?status=all")
    if not ADMIN_QUEUE[role]:
        assert refused(response)
        return
    assert response.status_code == 200
    assert (placement.title in response.content.decode()) == (role in ("own_admin", "province_admin"))


@pytest.mark.parametrize("role", list(ADMIN_QUEUE))
def test_admin_records_and_inspect_are_scoped(client, logins, submitted, role):
    placement, _token = submitted
    client = _client(client, logins, role)
    index = client.get(reverse("practicum_placements:index"))
    inspect = client.get(reverse("practicum_placements:inspect", args=[placement.pk]))
    if role in ("own_admin", "province_admin"):
        assert index.status_code == 200 and placement.title in index.content.decode()
        assert inspect.status_code == 200
    else:
        assert refused(inspect)
        assert refused(index) or placement.title not in index.content.decode()


@pytest.mark.parametrize("role", list(ADMIN_QUEUE))
def test_only_the_own_admin_resends_the_link(client, logins, submitted, role, django_capture_on_commit_callbacks):
    placement, token = submitted
    with django_capture_on_commit_callbacks(execute=True):
        _client(client, logins, role).post(reverse("practicum_decide", args=[placement.pk]), {"decision": "resend"})
    from practicum import services

    assert (services.link_for(token) is None) == (role in ("own_admin", "province_admin"))


def test_the_admin_cannot_edit_or_add_placements_through_the_generic_views(client, people, submitted):
    placement, _token = submitted
    client.force_login(people["jinan_admin"])
    assert refused(client.get(reverse("practicum_placements:edit", args=[placement.pk])))
    assert refused(client.get(reverse("practicum_placements:add")))


def test_admin_export_streams_the_scope(client, people, submitted, partners):
    from tests.helpers import body

    placement, _token = submitted
    client.force_login(people["qingdao_admin"])
    assert placement.title not in body(client.get(reverse("practicum_placements:index") + "?export=csv"))
    client.force_login(people["jinan_admin"])
    assert placement.title in body(client.get(reverse("practicum_placements:index") + "?export=csv"))


def test_partners_are_managed_by_their_city(client, people, partners):
    client.force_login(people["jinan_admin"])
    page = client.get(reverse("practicum_partners:index")).content.decode()
    assert partners["jinan"].name in page and partners["qingdao"].name not in page
    assert refused(client.get(reverse("practicum_partners:edit", args=[partners["qingdao"].pk])))
    assert client.get(reverse("practicum_partners:edit", args=[partners["jinan"].pk])).status_code == 200
    client.force_login(people["jinan_counselor"])
    assert refused(client.get(reverse("practicum_partners:index")))
