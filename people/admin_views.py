"""Wagtail admin screens for getting people in: bulk import, pending self-registrations, invitations.

Thin callers: the rules live in people.importing and people.services; these views check the permission, call
them, and show the outcome. Every lookup of a person goes through `visible_to(request.user)`.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.http import require_GET

from lms import spreadsheets

from . import importing, services
from .forms import DecisionForm, ImportUploadForm
from .models import User


def require_permission(codename: str):
    def check(request):
        if not request.user.has_perm(codename):
            raise PermissionDenied

    return check


class PermissionRequiredView(View):
    permission: str = ""

    def dispatch(self, request, *args, **kwargs):
        require_permission(self.permission)(request)
        return super().dispatch(request, *args, **kwargs)


class ImportView(PermissionRequiredView):
    """Upload an XLSX/CSV of counselors; a file with any bad row imports nothing and lists the bad rows."""

    permission = "people.add_user"
    template_name = "people/admin/import.html"

    def render(self, request, form, report=None, file_error=None, status=200):
        return TemplateResponse(
            request,
            self.template_name,
            {"form": form, "report": report, "file_error": file_error, "page_title": _("Import counselors")},
            status=status,
        )

    def get(self, request):
        return self.render(request, ImportUploadForm())

    def post(self, request):
        form = ImportUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render(request, form, status=400)
        try:
            report = importing.import_people(
                form.cleaned_data["file"],
                request.user,
                send_invitations=form.cleaned_data["send_invitations"],
                max_rows=settings.LMS_IMPORT_MAX_ROWS,
            )
        except (importing.ImportFileError, importing.ImportConflictError) as error:
            return self.render(request, form, file_error=str(error), status=400)
        if not report.is_clean:
            return self.render(request, form, report=report, status=400)
        messages.success(
            request,
            _("Import finished: %(created)s created, %(updated)s updated, %(unchanged)s unchanged.")
            % {"created": report.created, "updated": report.updated, "unchanged": report.unchanged},
        )
        return self.render(request, ImportUploadForm(), report=report)


@require_GET
def import_template(request):
    require_permission("people.add_user")(request)
    return spreadsheets.xlsx_response(
        importing.template_rows(), "counselor-import-template.xlsx", "学员",
        column_widths={column: 20 for column in "ABCDEFGH"},
    )


class PendingSignupsView(PermissionRequiredView):
    """Self-registrations waiting for an admin of the applicant's organization."""

    permission = "people.change_user"
    page_title = gettext_lazy("Registrations awaiting approval")

    def get(self, request):
        pending = (
            User.objects.visible_to(request.user)
            .pending_approval()
            .exclude(pk=request.user.pk)
            .select_related("organization")
            .order_by("date_joined", "pk")
        )
        page = Paginator(pending, 50).get_page(request.GET.get("p"))
        return TemplateResponse(
            request,
            "people/admin/pending.html",
            {"page_obj": page, "form": DecisionForm(), "page_title": self.page_title},
        )


class DecideSignupView(PermissionRequiredView):
    permission = "people.change_user"

    def post(self, request, user_id):
        form = DecisionForm(request.POST)
        decision = request.POST.get("decision")
        if not form.is_valid() or decision not in {"approve", "reject"}:
            messages.error(request, _("The decision could not be read; try again."))
            return redirect("people_pending")
        try:
            if decision == "approve":
                person = services.approve_signup(request.user, user_id)
                messages.success(request, _("%(name)s is approved.") % {"name": person})
            else:
                person = services.reject_signup(request.user, user_id, form.cleaned_data["reason"])
                messages.success(request, _("%(name)s is rejected.") % {"name": person})
        except services.PeopleError as error:
            messages.error(request, error.message)
        return redirect("people_pending")


class InviteView(PermissionRequiredView):
    """Send (again) the e-mail with a set-password link to a person who has no password yet."""

    permission = "people.change_user"

    def get(self, request, user_id):
        person = get_object_or_404(User.objects.visible_to(request.user), pk=user_id)
        return TemplateResponse(
            request,
            "people/admin/invite_confirm.html",
            {"person": person, "page_title": _("Send an invitation")},
        )

    def post(self, request, user_id):
        person = get_object_or_404(User.objects.visible_to(request.user), pk=user_id)
        try:
            services.invite(request.user, person)
        except services.PeopleError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("An invitation was sent to %(email)s.") % {"email": person.email})
        return redirect("wagtailusers_users:edit", person.pk)
