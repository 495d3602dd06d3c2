"""An export too large for a web request: who asked, what (the view's path and query), how far, and the file.

The rule: a job belongs to the person who asked; only they may read its status or download its file, and only until
`expires_at` (one day after it is ready). The file lives in private storage; nothing but `exports.views` serves it.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lms.storage import private_storage


def new_token() -> str:
    return secrets.token_urlsafe(24)


class ExportJobQuerySet(models.QuerySet):
    def owned_by(self, user) -> "ExportJobQuerySet":
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(owner=user)


class ExportJob(models.Model):
    """One asynchronous spreadsheet export (see exports.services)."""

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "XLSX"

    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("export status", "Waiting")
        RUNNING = "running", pgettext_lazy("export status", "Writing")
        READY = "ready", pgettext_lazy("export status", "Ready")
        FAILED = "failed", pgettext_lazy("export status", "Failed")

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="export_jobs",
                              verbose_name=_("owner"))
    token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)
    path = models.CharField(_("page"), max_length=500, help_text=_("The admin page that was exported."))
    query = models.TextField(_("query"), blank=True, help_text=_("Its filters, as a query string."))
    language = models.CharField(max_length=15, default="zh-hans")
    export_format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    filename = models.CharField(_("file name"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(_("rows written"), default=0)
    file = models.FileField(storage=private_storage, upload_to="exports/", max_length=200, blank=True,
                            editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True, db_index=True)

    objects = ExportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created_at"]

    def __str__(self):
        return self.filename

    @property
    def percent(self) -> int:
        if self.status == self.Status.READY:
            return 100
        if not self.rows_total:
            return 0
        return min(99, self.rows_done * 100 // self.rows_total)
