"""Bad input on the quiz pages and admin screens: an id beyond the database's integer range, in the URL or in the
posted answers, is a 404 or the "could not be read" message, never a 500 (SQLite raises OverflowError for it)."""

import json

import pytest
from django.urls import reverse

from quizzes import services

BIG = "9" * 20


@pytest.mark.parametrize("path", [f"/quizzes/{BIG}/start/", f"/quizzes/attempts/{BIG}/answer/"])
def test_an_overlong_id_in_a_site_url_is_not_found(client, counselor, path):
    client.force_login(counselor)
    assert client.post(path).status_code == 404


def test_an_overlong_question_id_in_the_answers_is_refused(client, quiz, counselor):
    attempt = services.start_attempt(counselor, quiz)
    client.force_login(counselor)
    url = reverse("quizzes:answer", args=[attempt.pk])
    data = {"action": "save", "present": [BIG], f"q-{BIG}": ["1"]}
    assert client.post(url, data)["Location"] == reverse("quizzes:attempt", args=[attempt.pk])
    response = client.post(url, data, HTTP_ACCEPT="application/json")
    assert response.status_code == 400 and json.loads(response.content)["code"] == "invalid"
    assert not attempt.items.filter(response__isnull=False).exclude(response="").exists()


def test_an_overlong_quiz_id_in_an_admin_url_is_not_found(client, people):
    client.force_login(people["province_admin"])
    assert client.get(f"/admin/quizzes/statistics/{BIG}/").status_code == 404
