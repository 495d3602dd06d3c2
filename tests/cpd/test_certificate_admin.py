"""Admins revoke certificates with a reason and issue one certificate to many people, within their scope only."""

import datetime

from django.urls import reverse

from cpd.models import Certificate
from cpd.services import issue_certificate


def certificate_for(person):
    return issue_certificate(
        person,
        kind=Certificate.Kind.COURSE_COMPLETION,
        title="职业生涯规划实务",
        issuer="山东省人力资源和社会保障厅",
        issued_on=datetime.date(2026, 6, 1),
        source_ref=f"test:{person.pk}",
    )


def test_an_admin_revokes_a_certificate_in_scope_with_a_reason(client, people):
    certificate = certificate_for(people["jinan_counselor"])
    client.force_login(people["jinan_admin"])
    url = reverse("cpd_certificate_revoke", args=[certificate.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"reason": ""}).status_code == 400
    certificate.refresh_from_db()
    assert certificate.revoked_at is None
    assert client.post(url, {"reason": "培训记录有误"}).status_code == 302
    certificate.refresh_from_db()
    assert certificate.revoked_at is not None and certificate.revocation_reason == "培训记录有误"
    assert "培训记录有误" not in client.get(reverse("cpd:verify", args=[certificate.code])).content.decode()


def test_revocation_outside_scope_or_without_permission_is_refused(client, people):
    certificate = certificate_for(people["qingdao_counselor"])
    url = reverse("cpd_certificate_revoke", args=[certificate.pk])
    client.force_login(people["jinan_admin"])
    assert client.post(url, {"reason": "x"}).status_code == 404
    client.force_login(people["qingdao_counselor"])
    assert client.post(url, {"reason": "x"}).status_code in (302, 403)
    certificate.refresh_from_db()
    assert certificate.revoked_at is None


def test_bulk_issue_is_all_or_nothing_and_idempotent(client, people, django_capture_on_commit_callbacks):
    client.force_login(people["jinan_admin"])
    url = reverse("cpd_certificates_issue")
    data = {
        "kind": Certificate.Kind.AWARD,
        "title": "2026年度职业指导之星",
        "issuer": "济南市人力资源和社会保障局",
        "issued_on": "2026-11-01",
        "emails": f"{people['jinan_counselor'].email}\n{people['qingdao_counselor'].email}",
    }
    assert client.get(url).status_code == 200
    response = client.post(url, data)
    assert response.status_code == 400
    assert people["qingdao_counselor"].email in response.content.decode()
    assert not Certificate.objects.exists()

    data["emails"] = f"{people['jinan_counselor'].email}, {people['trainer'].email}"
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(url, data).status_code == 302
    assert Certificate.objects.count() == 2
    assert set(Certificate.objects.values_list("holder__email", flat=True)) == {
        people["jinan_counselor"].email,
        people["trainer"].email,
    }


def test_bulk_issue_refuses_a_future_date_and_counselors(client, people):
    client.force_login(people["jinan_admin"])
    response = client.post(
        reverse("cpd_certificates_issue"),
        {"kind": "award", "title": "x", "issuer": "y", "issued_on": "2999-01-01", "emails": "a@b.cn"},
    )
    assert response.status_code == 400
    client.force_login(people["jinan_counselor"])
    assert client.get(reverse("cpd_certificates_issue")).status_code in (302, 403)
