"""The sign-up approval queue in the Wagtail admin: pending sign-ups of the people in the admin's scope, approved
or rejected one by one (the first decision wins). Thin callers of workshops.services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from people.models import User

from . import services
from .forms import DecisionForm
from .models import Registration

PERMISSION = "workshops.change_registration"


class ApprovalPermissionView(View):
    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ApprovalQueueView(ApprovalPermissionView):
    page_title = gettext_lazy("Event sign-ups awaiting approval")

    def get(self, request):
        pending = (
            Registration.objects.filter(
                status=Registration.Status.PENDING, user__in=User.objects.visible_to(request.user).values("pk")
            )
            .exclude(user=request.user)
            .select_related("user__organization", "session__page")
            .order_by("created_at", "pk")
        )
        page = Paginator(pending, 30).get_page(request.GET.get("p"))
        return TemplateResponse(request, "workshops/admin/approvals.html",
                                {"page_obj": page, "page_title": self.page_title})


class DecideView(ApprovalPermissionView):
    def post(self, request, registration_id):
        form = DecisionForm(request.POST)
        decision = request.POST.get("decision")
        if not form.is_valid() or decision not in {"approve", "reject"}:
            messages.error(request, _("The decision could not be read; try again."))
            return redirect("workshops_approvals")
        try:
            if decision == "approve":
                registration = services.approve_registration(registration_id, request.user)
                messages.success(request, _("%(name)s: %(status)s.") % {
                    "name": registration.user, "status": registration.get_status_display()})
            else:
                registration = services.reject_registration(registration_id, request.user,
                                                            form.cleaned_data["reason"])
                messages.success(request, _("%(name)s: not approved.") % {"name": registration.user})
        except services.RegistrationError as error:
            messages.error(request, error.message)
        return redirect("workshops_approvals")
