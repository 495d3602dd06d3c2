"""The admin screen of the legacy level-certificate import (province admins only), its template download, its
menu item and its audit action. A thin caller of certification.importing; registered from wagtail_hooks."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.http import require_GET
from wagtail import hooks

from lms.admin_menu import PermissionMenuItem
from people.forms import ImportUploadForm

from . import importing


class LegacyImportForm(ImportUploadForm):
    """The file only: imported records notify nobody."""

    send_invitations = None


def _check(request) -> None:
    if not (request.user.has_perm(importing.IMPORT_PERMISSION) and request.user.manages_whole_province):
        raise PermissionDenied


class LegacyImportView(View):
    """Upload existing level certificates; a file with any bad row imports nothing and lists every bad row."""

    page_title = gettext_lazy("Import level certificates")

    def dispatch(self, request, *args, **kwargs):
        _check(request)
        return super().dispatch(request, *args, **kwargs)

    def render(self, request, form, report=None, file_error=None, status=200):
        return TemplateResponse(request, "certification/admin/legacy_import.html", {
            "form": form, "report": report, "file_error": file_error, "page_title": self.page_title,
            "headers": [names[0] for names in importing.COLUMNS.values()],
        }, status=status)

    def get(self, request):
        return self.render(request, LegacyImportForm())

    def post(self, request):
        form = LegacyImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render(request, form, status=400)
        try:
            report = importing.import_records(form.cleaned_data["file"], request.user,
                                              max_rows=settings.LMS_IMPORT_MAX_ROWS)
        except (importing.ImportFileError, importing.ImportConflictError) as error:
            return self.render(request, form, file_error=str(error), status=400)
        if not report.is_clean:
            return self.render(request, form, report=report, status=400)
        messages.success(request, _("Import finished: %(created)s level records created, %(unchanged)s already "
                                    "recorded.") % {"created": report.created, "unchanged": report.unchanged})
        return self.render(request, LegacyImportForm(), report=report)


@require_GET
def legacy_import_template(request):
    _check(request)
    response = HttpResponse(importing.template_workbook(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = "attachment; filename=level-certificate-import-template.xlsx"
    return response


@hooks.register("register_admin_urls")
def register_legacy_import_urls():
    return [
        path("certification/import/", LegacyImportView.as_view(), name="certification_legacy_import"),
        path("certification/import/template.xlsx", legacy_import_template,
             name="certification_legacy_import_template"),
    ]


class ProvinceMenuItem(PermissionMenuItem):
    def is_shown(self, request):
        return super().is_shown(request) and request.user.manages_whole_province


@hooks.register("register_admin_menu_item")
def register_legacy_import_menu_item():
    return ProvinceMenuItem(_("Import level certificates"), "certification_legacy_import",
                            importing.IMPORT_PERMISSION, name="certification-legacy-import", icon_name="upload",
                            order=321)


@hooks.register("register_log_actions")
def register_legacy_import_log_actions(actions):
    actions.register_action("certification.level_record.imported", _("Import level record"),
                            _("Level record imported"))
