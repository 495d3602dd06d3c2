"""The server errors a fuzzer found, each pinned: odd `next` values, control characters, the user copy view, and the
admin's login loop for a signed-in counselor. Control characters are refused once, at the edge (`lms.input`)."""

import pytest
from django.urls import reverse

from courses import services as courses
from library.models import Bookmark
from people.models import Role, User
from quizzes import services as quizzes
from quizzes.models import AttemptItem, Kind
from tests.courses.conftest import catalogue, make_course  # noqa: F401  (fixtures used here)
from tests.library.builders import resource
from tests.quizzes.conftest import build_question, make_quiz  # noqa: F401
from tests.workshops.conftest import events_index, make_event  # noqa: F401
from workshops.models import Registration

pytestmark = pytest.mark.django_db

ODD_NEXT = ["evil", "https:evil", "//evil.example/x", "javascript:alert(1)", "%00", "/\\evil.example", "", "a b"]


def landed_on_site(response) -> bool:
    location = response["Location"]
    return response.status_code == 302 and location.startswith("/") and not location.startswith(("//", "/\\"))


@pytest.mark.parametrize("target", ODD_NEXT)
def test_workshop_register_and_cancel_with_an_odd_next(client, people, make_event, target):  # noqa: F811
    event = make_event()
    client.force_login(people["jinan_counselor"])
    response = client.post(reverse("workshops:register", args=[event.session.pk]), {"next": target})
    assert landed_on_site(response)
    assert response["Location"] == reverse("workshops:mine")
    registration = Registration.objects.get(user=people["jinan_counselor"])
    response = client.post(reverse("workshops:cancel", args=[registration.pk]), {"next": target})
    assert landed_on_site(response)
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED


def test_a_path_on_this_site_is_followed(client, people, make_event):  # noqa: F811
    event = make_event()
    client.force_login(people["jinan_counselor"])
    response = client.post(reverse("workshops:register", args=[event.session.pk]), {"next": event.url})
    assert response["Location"] == event.url


@pytest.mark.parametrize("target", ODD_NEXT)
def test_library_bookmark_with_an_odd_next(client, people, target):
    page = resource("求职技巧手册")
    client.force_login(people["jinan_counselor"])
    response = client.post(reverse("library:bookmark", args=[page.pk]), {"action": "add", "next": target})
    assert landed_on_site(response)
    assert response["Location"] == page.url
    assert Bookmark.objects.filter(user=people["jinan_counselor"], resource=page).exists()


@pytest.mark.parametrize("path", ["/cpd/verify/%00/", "/cpd/verify/a%01b/", "/library/%1f/", "/%00"])
def test_control_characters_in_the_path_are_a_translated_400(client, path):
    response = client.get(path)
    assert response.status_code == 400
    assert "控制字符" in response.content.decode()


@pytest.mark.parametrize("query", ["q=%00", "page=1%00", "%00=1", "q=a%1bb"])
def test_control_characters_in_the_query_string_are_a_400(client, query):
    assert client.get(f"/search/?{query}").status_code == 400


def test_tab_cr_and_lf_are_text(client):
    assert client.get("/search/?q=a%09b%0d%0ac").status_code == 200


@pytest.mark.parametrize("kind", [Kind.FILL_BLANK, Kind.ESSAY])
def test_a_nul_byte_in_a_typed_answer_is_refused_and_nothing_is_saved(client, people, make_course,  # noqa: F811
                                                                      make_quiz, kind):  # noqa: F811
    course = make_course(lessons=0)
    question = build_question(kind, owner=people["trainer"], accepted_answers="90", rubric="要点")
    quiz = make_quiz(course, questions=[question])
    user = people["jinan_counselor"]
    courses.enroll(user, course)
    attempt = quizzes.start_attempt(user, quiz)
    item = attempt.items.get()
    client.force_login(user)
    response = client.post(reverse("quizzes:answer", args=[attempt.pk]),
                           {"present": [str(item.pk)], f"q-{item.pk}": "九十\x00"})
    assert response.status_code == 400
    assert AttemptItem.objects.get(pk=item.pk).answered_at is None


def test_multipart_forms_are_checked_too(client, people):
    client.force_login(people["jinan_counselor"])
    response = client.post(reverse("people:profile"), {"real_name": "张\x00三"})  # the test client posts multipart
    assert response.status_code == 400
    assert User.objects.get(pk=people["jinan_counselor"].pk).real_name == "济南学员"


@pytest.mark.parametrize("admin", ["province_admin", "jinan_admin"])
def test_copying_a_person_prefills_a_new_one_in_scope(client, people, tree, admin):
    client.force_login(people[admin])
    source = people["jinan_counselor"]
    response = client.get(reverse("wagtailusers_users:copy", args=[source.pk]))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.instance.pk is None and form.instance.organization == tree["jinan_agency"]
    assert not form.initial.get("email")
    response = client.post(reverse("wagtailusers_users:copy", args=[source.pk]), {
        "email": "copy@example.cn", "real_name": "复制学员", "organization": tree["jinan_agency"].pk,
        "groups": list(source.groups.values_list("pk", flat=True)),
    })
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    copy = User.objects.get(email="copy@example.cn")
    assert copy.has_role(Role.COUNSELOR) and copy.organization == tree["jinan_agency"]
    source.refresh_from_db()
    assert source.email == "jinan.counselor@example.cn" and source.real_name == "济南学员"


def test_copying_someone_outside_the_scope_is_not_found(client, people):
    client.force_login(people["qingdao_admin"])
    response = client.get(reverse("wagtailusers_users:copy", args=[people["jinan_counselor"].pk]))
    assert response.status_code == 404


def test_a_signed_in_counselor_opening_the_admin_gets_a_no_access_page(client, people):
    client.force_login(people["jinan_counselor"])
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain == []
    assert response.status_code == 403
    assert "管理后台" in response.content.decode()
    assert 'href="/"' in response.content.decode()


def test_anonymous_visitors_of_the_admin_still_reach_the_login(client):
    response = client.get("/admin/", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].startswith(reverse("account_login"))

