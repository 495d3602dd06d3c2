"""Exports that scale: small exports stream, large ones run as a job whose file only its owner may download, for a
day; the job writes the rows the owner's own scope allows, and every listing export goes through the mixin."""

import csv
import datetime
import io
import os
import pathlib

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from exports import services
from exports.models import ExportJob
from exports.viewsets import ListingExportMixin
from tests.test_spreadsheets import export_views

USERS = "wagtailusers_users:index"


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"


def csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_every_listing_export_streams():
    views = export_views()
    assert views and all(issubclass(view, ListingExportMixin) for view in views)


def test_a_small_export_streams_without_a_job(client, people):
    client.force_login(people["jinan_admin"])
    response = client.get(reverse(USERS), {"export": "csv"})
    assert response.streaming
    emails = {row[1] for row in csv_rows(b"".join(response.streaming_content))[1:]}
    assert "jinan.counselor@example.cn" in emails and "qingdao.counselor@example.cn" not in emails
    assert not ExportJob.objects.exists()


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_a_large_export_becomes_a_job_scoped_to_its_owner(client, people, settings, export_format,
                                                         django_capture_on_commit_callbacks):
    settings.LMS_EXPORT_ASYNC_THRESHOLD = 1
    client.force_login(people["jinan_admin"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse(USERS), {"export": export_format, "q": ""})
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("exports:job", args=[job.token])
    job.refresh_from_db()
    assert job.status == ExportJob.Status.READY and job.rows_done == job.rows_total
    assert job.expires_at - job.finished_at == datetime.timedelta(days=1)
    page = client.get(response.url)
    assert page.status_code == 200 and reverse("exports:download", args=[job.token]) in page.content.decode()
    assert client.get(reverse("exports:status", args=[job.token])).json()["percent"] == 100
    download = client.get(reverse("exports:download", args=[job.token]))
    content = b"".join(download.streaming_content)
    if export_format == "csv":
        emails = {row[1] for row in csv_rows(content)[1:]}
    else:
        sheet = load_workbook(io.BytesIO(content)).worksheets[0]
        emails = {row[1] for row in list(sheet.iter_rows(values_only=True))[1:]}
    assert "jinan.counselor@example.cn" in emails and "qingdao.counselor@example.cn" not in emails


def test_only_the_owner_reaches_a_job(client, people, settings, django_capture_on_commit_callbacks):
    settings.LMS_EXPORT_ASYNC_THRESHOLD = 1
    client.force_login(people["jinan_admin"])
    with django_capture_on_commit_callbacks(execute=True):
        client.get(reverse(USERS), {"export": "csv"})
    job = ExportJob.objects.get()
    for other in ("qingdao_admin", "province_admin"):
        client.force_login(people[other])
        for name in ("exports:job", "exports:status", "exports:download"):
            assert client.get(reverse(name, args=[job.token])).status_code == 404, (other, name)
    client.logout()
    assert client.get(reverse("exports:download", args=[job.token])).status_code == 302  # to the login page


def test_an_expired_file_is_refused_and_removed(client, people, settings, django_capture_on_commit_callbacks):
    settings.LMS_EXPORT_ASYNC_THRESHOLD = 1
    client.force_login(people["jinan_admin"])
    with django_capture_on_commit_callbacks(execute=True):
        client.get(reverse(USERS), {"export": "csv"})
    job = ExportJob.objects.get()
    path = job.file.path
    ExportJob.objects.filter(pk=job.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert client.get(reverse("exports:download", args=[job.token])).status_code == 404
    assert services.remove_expired() == 1
    assert not ExportJob.objects.exists()
    assert not os.path.exists(path)


def test_running_a_job_twice_writes_one_file(client, people, settings, django_capture_on_commit_callbacks):
    settings.LMS_EXPORT_ASYNC_THRESHOLD = 1
    client.force_login(people["jinan_admin"])
    with django_capture_on_commit_callbacks(execute=True):
        client.get(reverse(USERS), {"export": "csv"})
    job = ExportJob.objects.get()
    before = pathlib.Path(job.file.path).read_bytes()
    services.run_export(job.pk)
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.RUNNING)  # as if the worker died and retried
    services.run_export(job.pk)
    job.refresh_from_db()
    assert job.status == ExportJob.Status.READY and pathlib.Path(job.file.path).read_bytes() == before
