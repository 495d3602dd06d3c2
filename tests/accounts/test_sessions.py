"""Sessions: a new key at login (no fixation), logout ends the session on the server, and a password change
through allauth signs out the session that made it and every other session of that person."""

from django.test import Client
from django.urls import reverse

from tests.factories import DEMO_PASSWORD

NEW_PASSWORD = "Another-Pass-2027"


def sign_in(client, email, password=DEMO_PASSWORD):
    response = client.post(reverse("account_login"), {"login": email, "password": password})
    assert response.status_code == 302, response.content.decode()[:500]
    return client.cookies["sessionid"].value


def client_with_session(key: str) -> Client:
    other = Client()
    other.cookies["sessionid"] = key
    return other


def is_authenticated_with(key: str) -> bool:
    return client_with_session(key).get(reverse("home:dashboard")).status_code == 200


def test_the_session_key_changes_at_login(client, people):
    client.get(reverse("account_login"))
    client.session.save()  # an anonymous session an attacker could have planted
    anonymous_key = client.session.session_key
    client.cookies["sessionid"] = anonymous_key

    signed_in_key = sign_in(client, "jinan.counselor@example.cn")

    assert signed_in_key != anonymous_key
    assert is_authenticated_with(signed_in_key)
    assert not is_authenticated_with(anonymous_key)


def test_logout_ends_the_session(client, people):
    key = sign_in(client, "jinan.counselor@example.cn")
    assert is_authenticated_with(key)

    response = client.post(reverse("account_logout"))
    assert response.status_code == 302

    assert not is_authenticated_with(key)
    assert client.get(reverse("home:dashboard")).status_code == 302


def test_logout_needs_a_post(client, people):
    key = sign_in(client, "jinan.counselor@example.cn")
    client.get(reverse("account_logout"))  # shows a confirmation form, does not log out
    assert is_authenticated_with(key)


def test_a_password_change_signs_out_this_and_every_other_session(client, people):
    email = "jinan.counselor@example.cn"
    other_device = Client()
    other_key = sign_in(other_device, email)
    key = sign_in(client, email)
    assert is_authenticated_with(other_key)

    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": DEMO_PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302

    people["jinan_counselor"].refresh_from_db()
    assert people["jinan_counselor"].check_password(NEW_PASSWORD)
    assert not is_authenticated_with(key)
    assert not is_authenticated_with(other_key)
    assert other_device.get(reverse("home:dashboard")).status_code == 302
    # The new password works; the old one does not.
    assert Client().post(reverse("account_login"), {"login": email, "password": DEMO_PASSWORD}).status_code == 200
    sign_in(Client(), email, NEW_PASSWORD)


def test_a_wrong_old_password_changes_nothing(client, people):
    key = sign_in(client, "jinan.counselor@example.cn")
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": "not-my-password", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    assert is_authenticated_with(key)
    people["jinan_counselor"].refresh_from_db()
    assert people["jinan_counselor"].check_password(DEMO_PASSWORD)


def test_the_session_cookie_is_http_only_and_expires_within_a_working_day(client, people, settings):
    sign_in(client, "jinan.counselor@example.cn")
    cookie = client.cookies["sessionid"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert settings.SESSION_COOKIE_AGE <= 8 * 60 * 60
