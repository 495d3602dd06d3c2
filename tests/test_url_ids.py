"""Database ids in URLs: a number too long for a 64-bit integer is a 404 everywhere, never an overflow (a 500 on
SQLite)."""

import pytest

TOO_LONG = "9" * 25


@pytest.mark.parametrize(
    "path",
    [
        f"/cpd/claims/{TOO_LONG}/",
        f"/learning/courses/{TOO_LONG}/enroll/",
        f"/quizzes/{TOO_LONG}/start/",
        f"/quizzes/attempts/{TOO_LONG}/",
    ],
)
def test_an_overlong_id_is_not_found(client, people, path):
    client.force_login(people["jinan_counselor"])
    assert client.get(path).status_code == 404
    assert client.post(path).status_code == 404
