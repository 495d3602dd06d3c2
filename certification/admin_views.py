"""The certification screens of the Wagtail admin: the application queue by status (scoped: organization admins see
their own subtree's applicants only) with endorse / return, and a round's page (accept endorsed applications, assign
panels, publicity, publish results). Thin callers of certification.services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from . import services
from .models import ApplicationEvidence, AssessmentRound, LevelApplication

QUEUE_PERMISSION = "certification.change_levelapplication"
ROUND_PERMISSION = "certification.change_assessmentround"
PAGE_SIZE = 30


class PermissionView(View):
    permission = QUEUE_PERMISSION

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ApplicationQueueView(PermissionView):
    page_title = gettext_lazy("Level applications")

    def get(self, request):
        status = request.GET.get("status", LevelApplication.Status.SUBMITTED)
        if status not in LevelApplication.Status.values and status != "all":
            status = LevelApplication.Status.SUBMITTED
        applications = services.applications_for_queue(request.user, status="" if status == "all" else status)
        applications = applications.prefetch_related(
            Prefetch("evidence", queryset=ApplicationEvidence.objects.order_by("pk"))
        )
        counts = dict(
            LevelApplication.objects.visible_to(request.user).values_list("status").annotate(n=Count("pk"))
            .values_list("status", "n")
        )
        tabs = [(value, label, counts.get(value, 0)) for value, label in LevelApplication.Status.choices
                if value != LevelApplication.Status.DRAFT]
        page = Paginator(applications, PAGE_SIZE).get_page(request.GET.get("p"))
        return TemplateResponse(request, "certification/admin/queue.html", {
            "page_obj": page, "page_title": self.page_title, "status": status, "tabs": tabs,
        })


class DecideApplicationView(PermissionView):
    def post(self, request, application_id):
        decision = request.POST.get("decision")
        try:
            if decision == "approve":
                services.endorse_application(application_id, actor=request.user)
                messages.success(request, _("The application is endorsed."))
            elif decision == "reject":
                services.return_application(application_id, actor=request.user, reason=request.POST.get("reason", ""))
                messages.success(request, _("The application is returned to the applicant."))
            else:
                messages.error(request, _("The decision could not be read; try again."))
        except services.CertificationError as error:
            messages.error(request, error.message)
        return redirect("certification_queue")


class RoundView(PermissionView):
    """One round: its admitted applications with their scores and panels, and the endorsed applications of its
    level waiting to be accepted. Province admins only (the permission is theirs)."""

    permission = ROUND_PERMISSION

    def get(self, request, round_id):
        from experts.models import Panel

        assessment_round = get_object_or_404(
            AssessmentRound.objects.select_related("level", "chair", "skills_rubric", "review_rubric"), pk=round_id
        )
        admitted = services.accepted_applications(assessment_round).select_related(
            "applicant__organization", "level"
        ).order_by("applicant__real_name", "pk")
        page = Paginator(admitted, PAGE_SIZE).get_page(request.GET.get("p"))
        panels = {}
        for panel in Panel.objects.filter(
            content_type__app_label="certification", content_type__model="levelapplication",
            object_id__in=[application.pk for application in page],
        ):
            panels.setdefault(panel.object_id, []).append(panel)
        for application in page:
            application.panels = panels.get(application.pk, [])
        waiting = (
            LevelApplication.objects.filter(level=assessment_round.level, status=LevelApplication.Status.ENDORSED)
            .select_related("applicant__organization").order_by("submitted_at", "pk")[:200]
        )
        summary = services.accepted_applications(assessment_round).aggregate(
            total=Count("pk"),
            passed=Count("pk", filter=Q(status=LevelApplication.Status.PASSED)),
            failed=Count("pk", filter=Q(status=LevelApplication.Status.FAILED)),
        )
        return TemplateResponse(request, "certification/admin/round.html", {
            "round": assessment_round, "page_obj": page, "waiting": waiting, "summary": summary,
            "page_title": assessment_round.name, "Status": AssessmentRound.Status,
        })


class RoundActionView(PermissionView):
    permission = ROUND_PERMISSION

    def post(self, request, round_id, action):
        try:
            if action == "open":
                services.open_round(round_id, actor=request.user)
                messages.success(request, _("The round is open."))
            elif action == "accept":
                ids = [int(value) for value in request.POST.getlist("application") if value.isdigit()]
                counts = services.accept_into_round(ids, round_id, actor=request.user)
                messages.success(request, _("%(accepted)s applications accepted, %(skipped)s skipped.") % counts)
            elif action == "panels":
                created = services.assign_panels(round_id, actor=request.user)
                messages.success(request, _("%(count)s panels assigned.") % {"count": created})
            elif action == "publicity":
                services.start_publicity(round_id, actor=request.user)
                messages.success(request, _("The results are in publicity."))
            elif action == "publish":
                counts = services.publish_results(round_id, actor=request.user)
                messages.success(request, _("Results published: %(passed)s passed, %(failed)s failed.") % counts)
            else:
                messages.error(request, _("Unknown action."))
        except services.CertificationError as error:
            messages.error(request, error.message)
        return redirect("certification_round", round_id=round_id)
