"""Content-Security-Policy and framing: the site's pages forbid inline scripts (files from 'self' only, an inline
script needs the request's nonce) and framing; the Wagtail admin keeps its 'unsafe-inline' relaxation and may frame
itself (its live preview); X-Frame-Options always agrees with frame-ancestors."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from quizzes import services as quiz_services
from tests.courses.conftest import catalogue, make_course  # noqa: F401  (fixtures)
from tests.quizzes.conftest import counselor, course, make_quiz, mixed_questions, quiz  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db

SCRIPT = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
DATA_TYPES = ("application/json", "application/ld+json", "text/template")


def directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in header.split(";") if part.strip())}


def header_nonce(response) -> str | None:
    for value in directives(response).get("script-src", []):
        if value.startswith("'nonce-"):
            return value[len("'nonce-"):-1]
    return None


def assert_site_policy(response, where):
    policy = directives(response)
    assert "'unsafe-inline'" not in policy["script-src"], where
    assert policy["frame-ancestors"] == ["'none'"], where
    assert response["X-Frame-Options"] == "DENY", where
    nonce = header_nonce(response)
    for attributes in SCRIPT.findall(response.content.decode()):
        if any(f'type="{kind}"' in attributes for kind in DATA_TYPES):
            continue  # data, not code: CSP does not run it
        source = re.search(r'src="([^"]*)"', attributes)
        if source:
            assert source.group(1).startswith("/") and not source.group(1).startswith("//"), where  # from 'self'
        else:
            assert nonce and f'nonce="{nonce}"' in attributes, f"{where}: <script{attributes}> lacks the nonce"
        if "nonce=" in attributes:
            assert f'nonce="{nonce}"' in attributes, f"{where}: <script{attributes}> has another nonce"


def site_pages(quiz, counselor):  # noqa: F811
    attempt = quiz_services.start_attempt(counselor, quiz)
    lesson = quiz.get_parent().get_children().first()
    return [
        "/", reverse("home:dashboard"), quiz.get_parent().url, lesson.url, quiz.url,
        reverse("quizzes:attempt", args=[attempt.pk]), reverse("search:search") + "?q=职业",
        reverse("workshops:calendar"), reverse("workshops:mine"), reverse("cpd:my_cpd"), reverse("cpd:claims"),
        reverse("account_email"), "/no-such-page/",
    ]


def test_every_kind_of_site_page_sends_the_strict_policy(client, quiz, counselor):  # noqa: F811
    client.force_login(counselor)
    pages = site_pages(quiz, counselor)
    for url in pages:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert_site_policy(response, url)
    attempt_page = client.get(pages[5])
    assert header_nonce(attempt_page), "the attempt page loads a script, with the request's nonce"


def test_anonymous_pages_send_the_strict_policy(client, db):
    for url in ("/", reverse("account_login"), reverse("account_signup"), reverse("account_reset_password")):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_site_policy(response, url)


def test_the_admin_keeps_its_relaxation_and_may_frame_itself(client, people, quiz):  # noqa: F811
    client.force_login(people["province_admin"])
    for url in (reverse("wagtailadmin_home"), reverse("wagtailadmin_pages:edit", args=[quiz.pk]),
                reverse("wagtailadmin_pages:view_draft", args=[quiz.pk])):
        response = client.get(url)
        assert response.status_code == 200, url
        policy = directives(response)
        assert "'unsafe-inline'" in policy["script-src"], url
        assert policy["frame-ancestors"] == ["'self'"], url
        assert response["X-Frame-Options"] == "SAMEORIGIN", url


def test_every_inline_script_in_the_templates_carries_the_nonce():
    """A static guard beside the rendered pages: templates may not add an inline script without the nonce."""
    offenders = []
    for path in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        for attributes in SCRIPT.findall(path.read_text()):
            if "src=" in attributes or any(f'type="{kind}"' in attributes for kind in DATA_TYPES):
                continue
            if 'nonce="{{ request.csp_nonce }}"' not in attributes:
                offenders.append(f"{path.relative_to(settings.BASE_DIR)}: <script{attributes}>")
    assert offenders == []
