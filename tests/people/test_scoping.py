"""The organization scope: the Jinan organization admin can neither see nor change anything of Qingdao.

Every way in is tried: the dashboard, the admin user listing (search, filters, export), guessed URLs, the
organization and level-record viewsets, Wagtail's bulk actions on users, and the people app's own endpoints.
"""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from people.forms import UserEditForm
from people.models import Organization, Role, User
from tests.factories import LevelRecordFactory, UserFactory
from tests.helpers import body, refused

pytestmark = pytest.mark.django_db

QINGDAO_EMAIL = "qingdao.counselor@example.cn"
JINAN_EMAIL = "jinan.counselor@example.cn"


def listed_emails(response) -> set[str]:
    return {user.email for user in response.context["object_list"]}


def bulk_url(action: str, *ids) -> str:
    query = "&".join(f"id={pk}" for pk in ids)
    return reverse("wagtail_bulk_action", args=("people", "user", action)) + f"?{query}"


# --- Dashboard ------------------------------------------------------------------------------------------------------


def test_dashboard_counts_only_the_jinan_subtree(jinan_client, people, tree):
    UserFactory(organization=tree["qingdao_agency"], approval_status=User.ApprovalStatus.PENDING)
    response = jinan_client.get(reverse("home:dashboard"))
    assert response.status_code == 200
    totals = response.context["scope"]["totals"]
    # Jinan subtree: the Jinan admin, the trainer, the expert and the Jinan counselor.
    assert totals["total"] == 4
    assert totals["counselors"] == 1
    assert totals["pending"] == 0
    universities = [university.name for university in response.context["scope"]["universities"]]
    assert universities == ["山东大学"]
    assert "cities" not in response.context
    assert "中国海洋大学" not in body(response)


def test_province_admin_dashboard_shows_both_cities(client, people):
    client.force_login(people["province_admin"])
    response = client.get(reverse("home:dashboard"))
    assert response.context["scope"]["totals"]["total"] == len(people)
    counts = {city.name: city.people_count for city in response.context["cities"]}
    assert counts == {"济南市": 4, "青岛市": 2}


# --- The admin user listing --------------------------------------------------------------------------------------


def test_user_listing_shows_only_jinan(jinan_client, people):
    response = jinan_client.get(reverse("wagtailusers_users:index"))
    assert response.status_code == 200
    html = body(response)
    assert JINAN_EMAIL in html
    assert QINGDAO_EMAIL not in html
    assert "青岛学员" not in html
    assert people["qingdao_admin"].email not in html
    assert people["province_admin"].email not in html


@pytest.mark.parametrize("query", ["青岛", "qingdao", QINGDAO_EMAIL, "example.cn"])
def test_user_search_finds_nobody_of_qingdao(jinan_client, query):
    response = jinan_client.get(reverse("wagtailusers_users:index"), {"q": query})
    assert response.status_code == 200
    assert QINGDAO_EMAIL not in listed_emails(response)
    assert "青岛学员" not in body(response)


def test_user_filters_cannot_reach_qingdao(jinan_client, people, tree):
    url = reverse("wagtailusers_users:index")
    for params in (
        {"organization": tree["qingdao_agency"].pk},
        {"organization": tree["qingdao"].pk},
        {"approval_status": "approved", "employment": "full_time"},
        {"group": Group.objects.get(name=Role.COUNSELOR.value).pk},
        {"is_active": "true"},
    ):
        response = jinan_client.get(url, params)
        assert response.status_code == 200, params
        assert QINGDAO_EMAIL not in body(response), params
        assert QINGDAO_EMAIL not in listed_emails(response), params
    # The organization filter offers only organizations in scope.
    response = jinan_client.get(url)
    choices = {str(org) for org in response.context["filters"].form.fields["organization"].queryset}
    assert choices == {"济南市", "济南市公共就业服务中心", "山东大学"}


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_user_export_holds_only_jinan(jinan_client, export_format):
    response = jinan_client.get(reverse("wagtailusers_users:index"), {"export": export_format})
    assert response.status_code == 200
    if export_format == "csv":
        text = body(response)
    else:
        import io

        from openpyxl import load_workbook

        content = b"".join(response.streaming_content) if response.streaming else response.content
        sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
        text = "\n".join(",".join(str(cell) for cell in row) for row in sheet.iter_rows(values_only=True))
    assert JINAN_EMAIL in text
    assert QINGDAO_EMAIL not in text


def test_filtered_export_cannot_reach_qingdao(jinan_client, tree):
    response = jinan_client.get(
        reverse("wagtailusers_users:index"), {"export": "csv", "organization": tree["qingdao_agency"].pk}
    )
    assert QINGDAO_EMAIL not in body(response)


# --- Guessed URLs -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("view", ["edit", "delete", "history", "usage"])
def test_guessed_user_urls_of_qingdao_are_refused(jinan_client, people, view):
    response = jinan_client.get(reverse(f"wagtailusers_users:{view}", args=[people["qingdao_counselor"].pk]))
    assert refused(response)
    assert QINGDAO_EMAIL not in body(response)


def test_post_to_edit_a_qingdao_person_changes_nothing(jinan_client, people, tree):
    person = people["qingdao_counselor"]
    response = jinan_client.post(
        reverse("wagtailusers_users:edit", args=[person.pk]),
        {"email": person.email, "real_name": "被改了", "organization": tree["jinan_agency"].pk, "is_active": ""},
    )
    assert refused(response)
    person.refresh_from_db()
    assert person.real_name == "青岛学员"
    assert person.organization == tree["qingdao_agency"]
    assert person.is_active


def test_post_to_delete_a_qingdao_person_changes_nothing(jinan_client, people):
    response = jinan_client.post(reverse("wagtailusers_users:delete", args=[people["qingdao_counselor"].pk]))
    assert refused(response)
    assert User.objects.filter(pk=people["qingdao_counselor"].pk).exists()


def test_edit_form_offers_only_what_the_admin_may_give(jinan_client, people):
    response = jinan_client.get(reverse("wagtailusers_users:edit", args=[people["jinan_counselor"].pk]))
    assert response.status_code == 200
    form = response.context["form"]
    assert {org.code for org in form.fields["organization"].queryset} == {"jinan", "jinan-hrss", "sdu"}
    roles = {group.name for group in form.fields["groups"].queryset}
    assert Role.PROVINCE_ADMIN.value not in roles
    assert Role.COUNSELOR.value in roles
    assert "is_superuser" not in form.fields


def test_edit_form_refuses_a_qingdao_organization_and_the_province_role(people, tree):
    person = people["jinan_counselor"]
    form = UserEditForm(
        {
            "email": person.email,
            "real_name": person.real_name,
            "organization": tree["qingdao_agency"].pk,
            "groups": [Group.objects.get(name=Role.PROVINCE_ADMIN.value).pk],
            "is_active": "on",
        },
        instance=person,
        for_user=people["jinan_admin"],
    )
    assert not form.is_valid()
    assert {"organization", "groups"} <= set(form.errors)


def test_create_form_offers_no_qingdao_organization(jinan_client):
    response = jinan_client.get(reverse("wagtailusers_users:add"))
    form = response.context["form"]
    assert not form.fields["organization"].queryset.filter(code__startswith="qingdao").exists()
    assert Role.PROVINCE_ADMIN.value not in {group.name for group in form.fields["groups"].queryset}


# --- Organizations and level records --------------------------------------------------------------------------------


def test_organization_listing_shows_only_the_jinan_subtree(jinan_client):
    response = jinan_client.get(reverse("organizations:index"))
    assert response.status_code == 200
    html = body(response)
    assert "济南市公共就业服务中心" in html
    assert "青岛" not in html
    assert "中国海洋大学" not in html
    response = jinan_client.get(reverse("organizations:index"), {"q": "青岛"})
    assert "青岛市公共就业服务中心" not in body(response)
    response = jinan_client.get(reverse("organizations:index"), {"export": "csv"})
    assert "qingdao" not in body(response)


@pytest.mark.parametrize("view", ["edit", "delete", "inspect", "history"])
def test_guessed_organization_urls_of_qingdao_are_refused(jinan_client, tree, view):
    response = jinan_client.get(reverse(f"organizations:{view}", args=[tree["qingdao"].pk]))
    assert refused(response)


def test_post_to_edit_the_qingdao_organization_changes_nothing(jinan_client, tree):
    response = jinan_client.post(
        reverse("organizations:edit", args=[tree["qingdao"].pk]),
        {"name": "改名", "code": "qingdao", "kind": "city", "parent": tree["jinan"].pk},
    )
    assert refused(response)
    assert Organization.objects.get(pk=tree["qingdao"].pk).name == "青岛市"


def test_level_records_of_qingdao_are_invisible(jinan_client, people, seeded_standards):
    jinan_record = LevelRecordFactory(holder=people["jinan_counselor"], certificate_number="JN-0001")
    qingdao_record = LevelRecordFactory(holder=people["qingdao_counselor"], certificate_number="QD-0001")
    response = jinan_client.get(reverse("level_records:index"))
    assert response.status_code == 200
    assert "JN-0001" in body(response)
    assert "QD-0001" not in body(response)
    assert "QD-0001" not in body(jinan_client.get(reverse("level_records:index"), {"q": "QD"}))
    assert "QD-0001" not in body(jinan_client.get(reverse("level_records:index"), {"export": "csv"}))
    for view in ("edit", "delete"):
        response = jinan_client.get(reverse(f"level_records:{view}", args=[qingdao_record.pk]))
        assert refused(response), view
    response = jinan_client.post(
        reverse("level_records:edit", args=[qingdao_record.pk]),
        {"holder": people["jinan_counselor"].pk, "level": jinan_record.level_id, "obtained_on": "2020-01-01",
         "basis": "recognised", "certificate_number": "CHANGED"},
    )
    assert refused(response)
    qingdao_record.refresh_from_db()
    assert qingdao_record.certificate_number == "QD-0001"


def test_province_admin_sees_both_cities(client, people):
    client.force_login(people["province_admin"])
    html = body(client.get(reverse("wagtailusers_users:index")))
    assert JINAN_EMAIL in html
    assert QINGDAO_EMAIL in html
    html = body(client.get(reverse("organizations:index")))
    assert "济南市" in html and "青岛市" in html
    assert client.get(reverse("wagtailusers_users:edit", args=[people["qingdao_counselor"].pk])).status_code == 200


# --- Bulk actions ---------------------------------------------------------------------------------------------


def test_bulk_deactivate_of_a_qingdao_person_is_refused(jinan_client, people):
    person = people["qingdao_counselor"]
    url = bulk_url("set_active_state", person.pk)
    response = jinan_client.get(url)
    assert refused(response)
    assert "青岛学员" not in body(response)
    response = jinan_client.post(url, {"mark_as_active": "False"})
    assert refused(response)
    person.refresh_from_db()
    assert person.is_active


def test_bulk_action_mixing_jinan_and_qingdao_is_refused_whole(jinan_client, people):
    jinan, qingdao = people["jinan_counselor"], people["qingdao_counselor"]
    response = jinan_client.post(bulk_url("set_active_state", jinan.pk, qingdao.pk), {"mark_as_active": "False"})
    assert refused(response)
    assert User.objects.filter(pk__in=[jinan.pk, qingdao.pk], is_active=True).count() == 2


def test_bulk_select_all_means_all_of_jinan(jinan_client, people):
    url = reverse("wagtail_bulk_action", args=("people", "user", "set_active_state")) + "?id=all"
    confirmation = body(jinan_client.get(url))
    assert "济南学员" in confirmation
    assert "青岛学员" not in confirmation
    response = jinan_client.post(url, {"mark_as_active": "False"})
    assert response.status_code == 302
    assert User.objects.get(pk=people["qingdao_counselor"].pk).is_active
    assert not User.objects.get(pk=people["jinan_counselor"].pk).is_active
    assert User.objects.get(pk=people["jinan_admin"].pk).is_active  # nobody deactivates themselves


def test_bulk_delete_of_a_qingdao_person_is_refused(jinan_client, people):
    person = people["qingdao_counselor"]
    assert refused(jinan_client.get(bulk_url("delete", person.pk)))
    response = jinan_client.post(bulk_url("delete", person.pk))
    assert refused(response)
    assert User.objects.filter(pk=person.pk).exists()


def test_bulk_assign_role_cannot_reach_qingdao(jinan_client, people):
    person = people["qingdao_counselor"]
    trainer = Group.objects.get(name=Role.TRAINER.value)
    response = jinan_client.post(bulk_url("assign_role", person.pk), {"role": trainer.pk})
    assert refused(response)
    assert not person.groups.filter(pk=trainer.pk).exists()


def test_bulk_assign_role_cannot_make_a_province_admin(jinan_client, people):
    person = people["jinan_counselor"]
    province = Group.objects.get(name=Role.PROVINCE_ADMIN.value)
    response = jinan_client.post(bulk_url("assign_role", person.pk), {"role": province.pk})
    assert response.status_code == 200  # the form is shown again: the role is not a choice
    assert province not in response.context["form"].fields["role"].queryset
    assert not person.groups.filter(pk=province.pk).exists()


# --- The people app's endpoints ---------------------------------------------------------------------------------


def test_decide_and_invite_for_a_qingdao_person_change_nothing(jinan_client, people, tree, mailoutbox):
    applicant = UserFactory(
        email="applicant.qd@example.cn",
        organization=tree["qingdao_agency"],
        approval_status=User.ApprovalStatus.PENDING,
    )
    response = jinan_client.post(reverse("people_decide", args=[applicant.pk]), {"decision": "approve"})
    assert response.status_code == 302
    applicant.refresh_from_db()
    assert applicant.is_pending
    assert not applicant.groups.exists()

    invitee = UserFactory(email="invitee.qd@example.cn", organization=tree["qingdao_agency"], password=None)
    response = jinan_client.post(reverse("people_invite", args=[invitee.pk]))
    assert refused(response)
    assert mailoutbox == []
    assert "applicant.qd@example.cn" not in body(jinan_client.get(reverse("people_pending")))


# --- Who reaches the admin at all --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url_name",
    ["wagtailadmin_home", "wagtailusers_users:index", "organizations:index", "people_pending", "people_import"],
)
def test_a_counselor_cannot_reach_the_admin(client, people, url_name):
    """...and is told so (403) at once or after one redirect, never sent round between the admin and the login."""
    client.force_login(people["jinan_counselor"])
    response = client.get(reverse(url_name), follow=True)
    assert response.status_code == 403
    assert len(response.redirect_chain) <= 1


# --- Query counts ---------------------------------------------------------------------------------------------------


def test_the_user_listing_runs_as_many_queries_for_30_people_as_for_3(jinan_client, people, tree,
                                                                      django_assert_num_queries):
    url = reverse("wagtailusers_users:index")
    jinan_client.get(url)  # warm per-process caches (content types, site root)
    with CaptureQueriesContext(connection) as with_few:
        response = jinan_client.get(url)
    assert len(response.context["object_list"]) == 4

    for n in range(26):
        UserFactory(organization=tree["jinan_university" if n % 2 else "jinan_agency"], roles=[Role.COUNSELOR])
    with django_assert_num_queries(len(with_few)):
        response = jinan_client.get(url)
    assert response.context["page_obj"].paginator.count == 30
    assert len(response.context["object_list"]) == 20  # the first page


# --- In scope, every page still works ---------------------------------------------------------------------------


@pytest.mark.parametrize("view", ["edit", "delete", "history", "usage"])
def test_user_pages_of_a_jinan_person_work(jinan_client, people, view):
    response = jinan_client.get(reverse(f"wagtailusers_users:{view}", args=[people["jinan_counselor"].pk]))
    assert response.status_code in (200, 302), view  # delete: only superusers delete people
    if view == "history":
        assert all(not isinstance(entry, User) for entry in response.context["object_list"])


def test_organization_pages_of_jinan_work(jinan_client, client, people, tree):
    assert jinan_client.get(reverse("organizations:inspect", args=[tree["jinan_agency"].pk])).status_code == 200
    client.force_login(people["province_admin"])
    for view in ("inspect", "history", "usage", "edit"):
        response = client.get(reverse(f"organizations:{view}", args=[tree["jinan_agency"].pk]))
        assert response.status_code == 200, view


def test_user_listing_search_and_filters_narrow_the_list(client, people, tree):
    client.force_login(people["province_admin"])
    url = reverse("wagtailusers_users:index")
    assert listed_emails(client.get(url, {"organization": tree["qingdao_agency"].pk})) == {QINGDAO_EMAIL}
    assert listed_emails(client.get(url, {"q": "jinan.counselor"})) == {JINAN_EMAIL}
    emails = [user.email for user in client.get(url, {"ordering": "-email"}).context["object_list"]]
    assert emails == sorted(emails, reverse=True)
