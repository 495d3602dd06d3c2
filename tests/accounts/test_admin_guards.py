"""The server errors a fuzzer found in Wagtail's admin views, each pinned (`lms.admin_guards`): the test error page,
choosers and the admin API given a value that is no id, the root page's operations, the external-link form without
a URL, the redirect import without its signed fields, a workflow's page listing past its end and an odd `next`,
reverting to no revision, deleting a just-uploaded document that a resource holds, and an admin search of punctuation
only (`search.backends`)."""

import pytest
from django.core.files.base import ContentFile
from wagtail.models import Page, Workflow

from library.models import PrivateDocument
from tests.factories import UserFactory
from tests.library.builders import attach, resource

pytestmark = pytest.mark.django_db

CHOOSERS = [
    "documents/chooser",
    "images/chooser",
    "snippets/choose/standards/level",
    "snippets/choose/standards/topic",
    "snippets/choose/courses/trainingplan",
    "snippets/choose/quizzes/question",
    "snippets/choose/library/readinglist",
]


@pytest.fixture
def superuser(db):
    return UserFactory(email="root@example.cn", is_superuser=True)


@pytest.fixture
def admin_client(client, people):
    client.force_login(people["province_admin"])
    return client


def document(title="plain.pdf") -> PrivateDocument:
    file = PrivateDocument(title=title)
    file.file.save(title, ContentFile(b"%PDF-1.4 plain"), save=False)
    file.save()
    return file


@pytest.mark.parametrize("who", [None, "province_admin", "superuser"])  # counselors get the no-access page first
def test_the_deliberate_test_error_page_is_not_found_for_anyone(client, people, superuser, who):
    if who:
        client.force_login(superuser if who == "superuser" else people[who])
    assert client.get("/admin/failwhale/").status_code == 404


@pytest.mark.parametrize("chooser", CHOOSERS)
@pytest.mark.parametrize("value", ["abc", "1.5", "x" * 10_000, "999999999999999999999"])
def test_a_chooser_given_a_value_that_is_no_id_is_not_found(admin_client, chooser, value):
    assert admin_client.get(f"/admin/{chooser}/chosen/{value}/").status_code == 404
    assert admin_client.get(f"/admin/{chooser}/chosen-multiple/", {"id": ["1", value]}).status_code == 404


@pytest.mark.parametrize("url", ["/admin/choose-page/chosen-multiple/", "/admin/api/main/pages/find/",
                                 "/admin/api/main/documents/find/", "/admin/api/main/images/find/"])
def test_the_page_chooser_and_the_admin_api_given_a_value_that_is_no_id_are_not_found(admin_client, url):
    assert admin_client.get(url, {"id": "abc"}).status_code == 404


def test_the_page_chooser_and_the_admin_api_still_find_a_real_id(admin_client):
    root, page = Page.objects.get(depth=1), resource("职业规划手册")
    response = admin_client.get("/admin/choose-page/chosen-multiple/", {"id": [page.pk]})
    assert response.status_code == 200 and response.json()["result"][0]["id"] == page.pk
    assert admin_client.get("/admin/choose-page/chosen-multiple/", {"id": [root.pk]}).status_code == 404
    response = admin_client.get("/admin/api/main/pages/find/", {"id": page.pk})
    assert response.status_code == 302 and f"/admin/api/main/pages/{page.pk}/" in response["Location"]


def test_a_chooser_still_answers_a_real_id(admin_client):
    file = document()
    response = admin_client.get(f"/admin/documents/chooser/chosen/{file.pk}/")
    assert response.status_code == 200 and response.json()["step"] == "chosen"
    response = admin_client.get("/admin/documents/chooser/chosen-multiple/", {"id": [file.pk]})
    assert response.status_code == 200 and response.json()["step"] == "chosen"
    assert admin_client.get("/admin/documents/chooser/chosen/99999999/").status_code == 404


@pytest.mark.parametrize("chooser", [c for c in CHOOSERS if c.startswith("snippets")])
def test_a_snippet_chooser_without_a_creation_form_has_nothing_to_create(admin_client, chooser):
    assert admin_client.post(f"/admin/{chooser}/create/", {"title": "新的"}).status_code == 404
    assert admin_client.get(f"/admin/{chooser}/create/").status_code == 404


def test_the_document_chooser_still_creates(admin_client):
    response = admin_client.get("/admin/documents/chooser/create/")
    assert response.status_code == 200 and response.json()["step"] == "reshow_creation_form"


@pytest.mark.parametrize("operation", ["lock", "unlock", "set_position"])
def test_the_root_page_cannot_be_locked_unlocked_or_reordered(client, superuser, operation):
    root = Page.objects.get(depth=1)
    client.force_login(superuser)
    assert client.post(f"/admin/pages/{root.pk}/{operation}/").status_code == 404
    root.refresh_from_db()
    assert not root.locked


def test_other_pages_are_still_locked_and_unlocked(client, superuser):
    page = resource("职业规划手册")
    client.force_login(superuser)
    assert client.post(f"/admin/pages/{page.pk}/lock/").status_code == 302
    page.refresh_from_db()
    assert page.locked
    assert client.post(f"/admin/pages/{page.pk}/unlock/").status_code == 302
    page.refresh_from_db()
    assert not page.locked


def test_the_external_link_form_without_a_url_asks_for_one(admin_client):
    response = admin_client.post("/admin/choose-external-link/", {})
    assert response.status_code == 200
    assert response.json()["step"] == "external_link"
    assert "必需字段" in response.json()["html"]
    response = admin_client.post("/admin/choose-external-link/", {"external-link-chooser-url": "https://hrss.example/"})
    assert response.json()["step"] == "external_link_chosen"


@pytest.mark.parametrize("form", [{}, {"import_file_name": "x.csv"}, {"input_format": "0"}])
def test_a_redirect_import_without_its_signed_fields_is_a_bad_request(client, superuser, form):
    client.force_login(superuser)
    assert client.post("/admin/redirects/import/process/", form).status_code == 400


@pytest.mark.parametrize("number", ["999999999999999999999", "-1", "abc", "0"])
def test_a_workflows_page_listing_past_its_end_shows_the_nearest_page(client, superuser, number):
    workflow = Workflow.objects.create(name="课程发布审核")
    client.force_login(superuser)
    response = client.get(f"/admin/workflows/edit/{workflow.pk}/", {"p": number})
    assert response.status_code == 200
    assert response.context["pages"].number >= 1


def test_an_uploaded_document_a_resource_holds_is_not_deleted_from_the_upload_screen(client, superuser):
    held = attach(resource("求职技巧手册"), "guide.pdf").document
    loose = document("loose.pdf")
    client.force_login(superuser)
    response = client.post(f"/admin/documents/multiple/{held.pk}/delete/")
    assert response.status_code == 200
    assert response.json()["success"] is False
    assert "正在使用" in response.json()["error_message"]
    assert PrivateDocument.objects.filter(pk=held.pk).exists()
    response = client.post(f"/admin/documents/multiple/{loose.pk}/delete/")
    assert response.json()["success"] is True
    assert not PrivateDocument.objects.filter(pk=loose.pk).exists()


def test_reverting_to_no_revision_is_not_found(client, superuser):
    page = resource("职业规划手册")
    client.force_login(superuser)
    assert client.get(f"/admin/pages/{page.pk}/revisions/0/revert/").status_code == 404
    revision = page.latest_revision
    assert client.get(f"/admin/pages/{page.pk}/revisions/{revision.pk}/revert/").status_code == 200


@pytest.mark.parametrize("target", ["evil", "%00", "//evil.example", "javascript:alert(1)"])
def test_enabling_a_workflow_with_an_odd_next_returns_to_its_screen(client, superuser, target):
    workflow = Workflow.objects.create(name="课程发布审核", active=False)
    client.force_login(superuser)
    response = client.post(f"/admin/workflows/enable/{workflow.pk}/", {"next": target})
    assert response.status_code == 302 and response["Location"] == f"/admin/workflows/edit/{workflow.pk}/"
    workflow.refresh_from_db()
    assert workflow.active
    response = client.post(f"/admin/workflows/enable/{workflow.pk}/", {"next": "/admin/workflows/list/"})
    assert response["Location"] == "/admin/workflows/list/"


@pytest.mark.filterwarnings("ignore:.*does not specify any AutocompleteFields:RuntimeWarning")
def test_a_search_of_punctuation_only_finds_nothing_in_an_admin_listing(client, superuser):
    client.force_login(superuser)
    response = client.get("/admin/snippets/quizzes/question/", {"q": "'\"<>"})
    assert response.status_code == 200


@pytest.mark.filterwarnings("ignore:.*does not specify any AutocompleteFields:RuntimeWarning")
@pytest.mark.parametrize("url", ["/admin/pages/search/", "/admin/documents/", "/admin/images/",
                                 "/admin/snippets/quizzes/question/"])
def test_a_ten_kilobyte_search_in_an_admin_listing_is_no_500(client, superuser, url):
    """The admin's search boxes take any length; the query analysis keeps its first words (search.analysis)."""
    client.force_login(superuser)
    assert client.get(url, {"q": "职业 指导 " * 1700}).status_code == 200
