"""With LMS_REQUIRE_MFA_FOR_STAFF on, staff must set up TOTP before anything else; with it, login asks for a code.

Counselors are never forced. The redirect applies to the Wagtail admin and the site alike, so no screen is reachable
with a password alone; the MFA set-up pages themselves (under /accounts/) stay reachable.
"""

from urllib.parse import unquote

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.urls import reverse
from django.utils.http import urlencode

from tests.factories import DEMO_PASSWORD


@pytest.fixture(autouse=True)
def require_mfa(settings):
    settings.LMS_REQUIRE_MFA_FOR_STAFF = True


def current_code(secret: str) -> str:
    """The code an authenticator app would show now (the middle of allauth's tolerance window)."""
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


def wrong_code(secret: str) -> str:
    return f"{(int(current_code(secret)) + 1) % 1_000_000:06d}"


def activation_redirect(path: str) -> str:
    return f"{reverse('mfa_activate_totp')}?{urlencode({'next': path})}"


@pytest.mark.parametrize("role", ["trainer", "jinan_admin", "province_admin", "expert"])
@pytest.mark.parametrize("path", ["/admin/", "/dashboard/"])
def test_staff_without_totp_are_sent_to_set_it_up(client, people, role, path):
    client.force_login(people[role])
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == activation_redirect(path)


def test_a_superuser_without_totp_is_sent_to_set_it_up(client, people):
    admin = people["province_admin"]
    admin.groups.clear()
    admin.is_superuser = admin.is_staff = True
    admin.save()
    client.force_login(admin)
    assert client.get("/admin/")["Location"] == activation_redirect("/admin/")


def sign_in(client, user, next_path="/admin/"):
    """A real password login (allauth records it, so the set-up page needs no re-authentication)."""
    return client.post(f"{reverse('account_login')}?next={next_path}", {"login": user.email, "password": DEMO_PASSWORD})


def test_after_a_password_login_staff_are_led_to_the_set_up_page(client, people):
    """allauth asks for the password once more before an authenticator is added (MFA_REAUTHENTICATION_REQUIRED)."""
    response = sign_in(client, people["trainer"])
    assert response["Location"] == "/admin/"
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[0] == (activation_redirect("/admin/"), 302)
    assert response.redirect_chain[-1][0].startswith(reverse("account_reauthenticate"))
    assert response.status_code == 200

    response = client.post(response.redirect_chain[-1][0], {"password": DEMO_PASSWORD}, follow=True)
    assert unquote(response.redirect_chain[-1][0]) == unquote(activation_redirect("/admin/"))
    assert response.status_code == 200
    assert "mfa.totp.secret" in client.session


def test_a_counselor_is_not_asked_for_totp(client, people):
    client.force_login(people["jinan_counselor"])
    assert client.get("/dashboard/").status_code == 200


def test_the_requirement_is_off_when_the_setting_is_off(client, people, settings):
    settings.LMS_REQUIRE_MFA_FOR_STAFF = False
    client.force_login(people["trainer"])
    assert client.get("/admin/").status_code == 200


def test_activating_totp_through_the_form_lifts_the_redirect(client, people):
    sign_in(client, people["trainer"])
    client.post(reverse("account_reauthenticate"), {"password": DEMO_PASSWORD})
    client.get(reverse("mfa_activate_totp"))  # puts the secret to confirm in the session
    secret = client.session["mfa.totp.secret"]
    response = client.post(f"{reverse('mfa_activate_totp')}?next=/admin/", {"code": current_code(secret)})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_view_recovery_codes")  # allauth shows the recovery codes next
    assert client.get("/admin/").status_code == 200


def test_a_trainer_with_totp_reaches_the_admin_after_the_code_step(client, people):
    trainer = people["trainer"]
    secret = generate_totp_secret()
    TOTP.activate(trainer, secret)

    login_url = client.get("/admin/")["Location"]
    response = client.post(login_url, {"login": trainer.email, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session  # the password alone does not sign in
    assert client.get("/admin/").status_code == 302

    response = client.post(reverse("mfa_authenticate"), {"code": wrong_code(secret)})
    assert response.status_code == 200  # a wrong code is refused
    assert "_auth_user_id" not in client.session

    response = client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert client.get("/dashboard/").status_code == 200
