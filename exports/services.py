"""Asynchronous exports: record the job, write the file as the person who asked, remove it a day later.

The rule: the task takes the job's id only and rebuilds the exporting view from the stored path and query string
with the owner as the request's user, so the rows are scoped exactly as the owner's own request would be, at the
moment the file is written. Writing is idempotent: a finished job is left alone, and a retried one writes the whole
file again under a temporary name and swaps it in, so a download never sees half a file.
"""

import datetime
import os

from django.conf import settings
from django.db import transaction
from django.http import QueryDict
from django.test import RequestFactory
from django.urls import resolve
from django.utils import timezone, translation
from wagtail.log_actions import log

from lms import spreadsheets
from lms.storage import private_storage

from .models import ExportJob

PROGRESS_EVERY = 2000  # rows between two progress updates
LIFETIME = datetime.timedelta(days=1)


def async_threshold() -> int:
    return getattr(settings, "LMS_EXPORT_ASYNC_THRESHOLD", 10_000)


def start_export(request, export_format: str, filename: str, rows_total: int) -> ExportJob:
    """Record an export of the page `request` shows (its path and query, minus nothing) and queue the task."""
    from .tasks import run_export

    with transaction.atomic():
        job = ExportJob.objects.create(
            owner=request.user, path=request.path, query=request.GET.urlencode(),
            language=translation.get_language() or settings.LANGUAGE_CODE, export_format=export_format,
            filename=f"{filename}.{export_format}", rows_total=rows_total,
        )
        log(job, "exports.job.created", user=request.user)
        transaction.on_commit(lambda: run_export.delay(job.pk))
    return job


def view_for(job: ExportJob):
    """The exporting view, set up for a GET of the job's page by its owner (not dispatched: no response is made)."""
    match = resolve(job.path)
    view_class = match.func.view_class
    request = RequestFactory().get(job.path, QueryDict(job.query), HTTP_ACCEPT_LANGUAGE=job.language)
    request.user = job.owner
    request.LANGUAGE_CODE = job.language
    view = view_class(**match.func.view_initkwargs)
    view.setup(request, *match.args, **match.kwargs)
    return view


def run_export(job_id: int) -> None:
    """Write the job's file (see the module docstring); a missing, finished or inactive-owner job writes nothing."""
    job = ExportJob.objects.select_related("owner").filter(pk=job_id).first()
    if job is None or job.status == ExportJob.Status.READY:
        return
    if not job.owner.is_active:
        ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.FAILED, finished_at=timezone.now())
        return
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.RUNNING, rows_done=0)
    name = f"exports/{job.token}.{job.export_format}"
    final_path = private_storage().path(name)
    os.makedirs(os.path.dirname(final_path), exist_ok=True)
    partial_path = f"{final_path}.partial"
    with translation.override(job.language):
        view = view_for(job)
        rows = _rows_with_progress(job, view)
        with open(partial_path, "wb") as handle:
            if job.export_format == ExportJob.Format.CSV:
                for line in spreadsheets.csv_lines(rows):
                    handle.write(line.encode("utf-8"))
            else:
                spreadsheets.write_xlsx(rows, handle, sheet_title=job.filename.rsplit(".", 1)[0])
    os.replace(partial_path, final_path)
    now = timezone.now()
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportJob.Status.READY, file=name, finished_at=now, expires_at=now + LIFETIME,
    )


def _rows_with_progress(job: ExportJob, view):
    """The heading row, then every data row, recording progress every PROGRESS_EVERY rows."""
    yield view.get_export_headings()
    done = 0
    for item in view.iterate_export_items():
        yield view.get_export_row(item)
        done += 1
        if done % PROGRESS_EVERY == 0:
            ExportJob.objects.filter(pk=job.pk).update(rows_done=done)
    ExportJob.objects.filter(pk=job.pk).update(rows_done=done)


def remove_expired(now=None) -> int:
    """Delete the jobs (and their files) that expired, and jobs that never finished within a day; returns how many."""
    now = now or timezone.now()
    stale = ExportJob.objects.filter(expires_at__lte=now) | ExportJob.objects.filter(
        expires_at__isnull=True, created_at__lte=now - LIFETIME)
    removed = 0
    for job in stale.iterator():
        if job.file:
            job.file.delete(save=False)
        partial = private_storage().path(f"exports/{job.token}.{job.export_format}.partial")
        if os.path.exists(partial):
            os.remove(partial)
        job.delete()
        removed += 1
    return removed
