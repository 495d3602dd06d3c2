"""The claims queue in the Wagtail admin: submitted external activity claims in the admin's scope, approved or
rejected one by one or approved in bulk. Thin callers of cpd.services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from . import services
from .forms import ClaimDecisionForm
from .models import ClaimEvidence, ExternalClaim

PERMISSION = "cpd.change_externalclaim"


class ClaimPermissionView(View):
    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ClaimQueueView(ClaimPermissionView):
    page_title = gettext_lazy("External activity claims awaiting a decision")

    def get(self, request):
        claims = (
            ExternalClaim.objects.visible_to(request.user)
            .filter(status=ExternalClaim.Status.SUBMITTED)
            .exclude(counselor=request.user)
            .select_related("counselor__organization", "topic")
            .prefetch_related(Prefetch("evidence", queryset=ClaimEvidence.objects.order_by("pk")))
            .order_by("submitted_at", "pk")
        )
        page = Paginator(claims, 30).get_page(request.GET.get("p"))
        return TemplateResponse(
            request,
            "cpd/admin/claims_queue.html",
            {"page_obj": page, "form": ClaimDecisionForm(), "page_title": self.page_title},
        )


class DecideClaimView(ClaimPermissionView):
    def post(self, request, claim_id):
        form = ClaimDecisionForm(request.POST)
        decision = request.POST.get("decision")
        if not form.is_valid() or decision not in {"approve", "reject"}:
            messages.error(request, _("The decision could not be read; try again."))
            return redirect("cpd_claims_queue")
        try:
            if decision == "approve":
                claim = services.approve_claim(claim_id, actor=request.user)
                messages.success(request, _("The claim “%(title)s” is approved.") % {"title": claim.title})
            else:
                claim = services.reject_claim(claim_id, actor=request.user, reason=form.cleaned_data["reason"])
                messages.success(request, _("The claim “%(title)s” is rejected.") % {"title": claim.title})
        except services.ClaimError as error:
            messages.error(request, error.message)
        return redirect("cpd_claims_queue")


class BulkApproveClaimsView(ClaimPermissionView):
    def post(self, request):
        ids = [int(value) for value in request.POST.getlist("claim") if value.isdigit()]
        if not ids:
            messages.error(request, _("Select the claims to approve."))
            return redirect("cpd_claims_queue")
        counts = services.approve_claims(ids, request.user)
        messages.success(
            request,
            _("%(approved)s claims approved, %(skipped)s skipped (already decided or not yours to decide).") % counts,
        )
        return redirect("cpd_claims_queue")
