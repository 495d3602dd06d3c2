"""The export entry point for any view (`ExportMixin`) and the owner's job pages: progress, status, download."""

from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from lms import spreadsheets

from . import services
from .models import ExportJob

FORMATS = ("csv", "xlsx")


def export_url(request, export_format: str) -> str:
    """The current page's address with its filters and `export=<format>` (for an export button)."""
    query = request.GET.copy()
    query["export"] = export_format
    query.pop("p", None)
    return f"{request.path}?{query.urlencode()}"


class ExportMixin:
    """`?export=csv|xlsx` on a GET answers with the file, or with a job when there are too many rows (see the
    package docstring for the methods a view defines)."""

    def get_export_filename(self) -> str:
        """The file's name without its extension: the view's `export_filename`."""
        return getattr(self, "export_filename", "export")

    def get_export_headings(self) -> list:
        raise NotImplementedError

    def get_export_items(self):
        raise NotImplementedError

    def get_export_row(self, item) -> list:
        raise NotImplementedError

    @property
    def export_format(self) -> str | None:
        value = self.request.GET.get("export")
        return value if value in FORMATS else None

    def count_export_items(self, items) -> int:
        return items.count() if hasattr(items, "iterator") else len(items)

    def iterate_export_items(self):
        items = self.get_export_items()
        return items.iterator(chunk_size=2000) if hasattr(items, "iterator") else iter(items)

    def get(self, request, *args, **kwargs):
        if self.export_format is None:
            return super().get(request, *args, **kwargs)
        return self.export_response()

    def export_response(self):
        export_format = self.export_format
        total = self.count_export_items(self.get_export_items())
        if total > services.async_threshold():
            job = services.start_export(self.request, export_format, self.get_export_filename(), total)
            return redirect("exports:job", token=job.token)
        rows = self.export_rows()
        filename = f"{self.get_export_filename()}.{export_format}"
        if export_format == "csv":
            return spreadsheets.csv_response(rows, filename)
        return spreadsheets.xlsx_response(rows, filename, sheet_title=self.get_export_filename())

    def export_rows(self):
        yield self.get_export_headings()
        for item in self.iterate_export_items():
            yield self.get_export_row(item)


class OwnJobMixin:
    def get_job(self) -> ExportJob:
        return get_object_or_404(ExportJob.objects.owned_by(self.request.user), token=self.kwargs["token"])


class JobView(OwnJobMixin, WagtailAdminTemplateMixin, TemplateView):
    """The progress bar of one export, and its download link once it is ready (the owner's only)."""

    template_name = "exports/job.html"
    page_title = _("Export")
    header_icon = "download"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["job"] = self.get_job()
        context["expired"] = bool(context["job"].expires_at and context["job"].expires_at <= timezone.now())
        return context


class JobStatusView(OwnJobMixin, View):
    """The job's progress as JSON, polled by the progress page."""

    def get(self, request, token):
        job = self.get_job()
        return JsonResponse({
            "status": job.status, "label": str(job.get_status_display()), "percent": job.percent,
            "rows_done": job.rows_done, "rows_total": job.rows_total,
            "download_url": reverse("exports:download", args=[job.token])
            if job.status == ExportJob.Status.READY else None,
        })


class DownloadView(OwnJobMixin, View):
    """The finished file, to its owner only, until it expires."""

    def get(self, request, token):
        job = self.get_job()
        if job.status != ExportJob.Status.READY or not job.file or job.expires_at <= timezone.now():
            raise Http404
        try:
            handle = job.file.open("rb")
        except FileNotFoundError as error:
            raise Http404 from error
        content_type = spreadsheets.XLSX_CONTENT_TYPE if job.export_format == "xlsx" else "text/csv; charset=utf-8"
        return FileResponse(handle, as_attachment=True, filename=job.filename, content_type=content_type)
