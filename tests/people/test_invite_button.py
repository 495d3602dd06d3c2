"""The people listing offers an invitation to those without a password; the confirmation page sends it."""

from django.core import mail
from django.urls import reverse

from tests.factories import UserFactory


def test_listing_offers_invitation_only_to_people_without_a_password(client, people, tree):
    invited = UserFactory(email="new.person@example.cn", organization=tree["jinan_agency"], password=None)
    client.force_login(people["jinan_admin"])
    body = client.get(reverse("wagtailusers_users:index")).content.decode()
    assert reverse("people_invite", args=[invited.pk]) in body
    assert reverse("people_invite", args=[people["jinan_counselor"].pk]) not in body


def test_confirmation_page_then_post_sends_the_invitation(client, people, tree, django_capture_on_commit_callbacks):
    invited = UserFactory(email="new.person@example.cn", organization=tree["jinan_agency"], password=None)
    client.force_login(people["jinan_admin"])
    url = reverse("people_invite", args=[invited.pk])
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [["new.person@example.cn"]]


def test_confirmation_page_is_scoped(client, people, tree):
    outsider = UserFactory(email="outsider@example.cn", organization=tree["qingdao_agency"], password=None)
    client.force_login(people["jinan_admin"])
    assert client.get(reverse("people_invite", args=[outsider.pk])).status_code == 404
