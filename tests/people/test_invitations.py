"""Invitations: each new imported person gets one e-mail with a set-password link; using it sets the password,
proves the address (the EmailAddress becomes verified) and lets the person sign in. Invites stay in scope.
"""

import re

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from people import services
from people.models import User
from tests.people.test_import import person_row, xlsx_file

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Neues-Passwort-2026"
LINK = re.compile(r"http://testserver(/accounts/password/reset/key/\S+/)")


def import_with_invitations(client, admin, rows, capture):
    client.force_login(admin)
    with capture(execute=True):
        response = client.post(reverse("people_import"), {"file": xlsx_file(rows), "send_invitations": "on"})
    client.logout()
    assert response.status_code == 200, response.context.get("file_error") or response.context["report"].errors
    return response


def set_password_through(client, path):
    response = client.get(path)
    assert response.status_code == 302  # allauth keeps the key in the session and redirects
    form_url = response["Location"]
    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    return response


def test_each_new_person_gets_one_invitation_and_can_then_sign_in(client, people, mailoutbox,
                                                                  django_capture_on_commit_callbacks):
    import_with_invitations(client, people["jinan_admin"], [person_row(1), person_row(2), person_row(3)],
                            django_capture_on_commit_callbacks)
    assert sorted(message.to[0] for message in mailoutbox) == [
        "counselor0001@import.example.cn", "counselor0002@import.example.cn", "counselor0003@import.example.cn",
    ]
    message = next(m for m in mailoutbox if m.to == ["counselor0002@import.example.cn"])
    assert "学员0002" in message.body
    path = LINK.search(message.body).group(1)

    assert not EmailAddress.objects.get(email="counselor0002@import.example.cn").verified
    set_password_through(client, path)
    person = User.objects.get(email="counselor0002@import.example.cn")
    assert person.check_password(NEW_PASSWORD)
    assert EmailAddress.objects.get(email="counselor0002@import.example.cn").verified

    response = client.post(reverse("account_login"), {"login": person.email, "password": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("home:dashboard")
    assert client.get(reverse("home:dashboard")).context["user"] == person

    # The link works once.
    client.logout()
    response = client.get(path, follow=True)
    assert response.context["token_fail"]


def test_importing_again_sends_no_new_invitations(client, people, mailoutbox, django_capture_on_commit_callbacks):
    rows = [person_row(1), person_row(2)]
    import_with_invitations(client, people["jinan_admin"], rows, django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 2
    import_with_invitations(client, people["jinan_admin"], rows, django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 2


def test_an_invitation_can_be_sent_again_until_a_password_is_set(client, people, mailoutbox,
                                                                 django_capture_on_commit_callbacks):
    import_with_invitations(client, people["jinan_admin"], [person_row(1)], django_capture_on_commit_callbacks)
    person = User.objects.get(email="counselor0001@import.example.cn")
    client.force_login(people["jinan_admin"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("people_invite", args=[person.pk]))
    assert response.status_code == 302
    assert len(mailoutbox) == 2

    with pytest.raises(services.PeopleError) as error:
        services.invite(people["jinan_admin"], people["jinan_counselor"])  # has a password already
    assert error.value.code == "already_active"


def test_the_qingdao_admin_cannot_invite_a_jinan_person(client, people, mailoutbox, django_capture_on_commit_callbacks):
    import_with_invitations(client, people["jinan_admin"], [person_row(1)], django_capture_on_commit_callbacks)
    mailoutbox.clear()
    person = User.objects.get(email="counselor0001@import.example.cn")
    client.force_login(people["qingdao_admin"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("people_invite", args=[person.pk]))
    assert response.status_code == 404
    assert mailoutbox == []
