"""Studio screens of the Wagtail admin: the self-assessment queue by status (scoped: organization admins see their
own subtree's studios), endorse / return submitted ones, and — for province admins — send endorsed ones to an expert
panel. Thin callers of studios.services."""

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from experts.models import Panel

from . import services
from .models import SelfAssessment

PERMISSION = "studios.change_selfassessment"
PAGE_SIZE = 30


def _back_to_queue(status):
    url = reverse("studios_queue")
    return redirect(f"{url}?status={status}" if status in [*SelfAssessment.Status.values, "all"] else url)


class PermissionView(View):
    permission = PERMISSION

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class AssessmentQueueView(PermissionView):
    page_title = gettext_lazy("Studio self-assessments")

    def get(self, request):
        status = request.GET.get("status", SelfAssessment.Status.SUBMITTED)
        if status not in SelfAssessment.Status.values and status != "all":
            status = SelfAssessment.Status.SUBMITTED
        visible = SelfAssessment.objects.visible_to(request.user)
        assessments = visible if status == "all" else visible.filter(status=status)
        assessments = assessments.select_related(
            "studio__organization", "studio__city", "studio__lead", "standard", "rating"
        ).order_by("-submitted_at", "-pk")
        counts = dict(visible.order_by().values_list("status").annotate(n=Count("pk")))
        page = Paginator(assessments, PAGE_SIZE).get_page(request.GET.get("p"))
        panels = dict(
            Panel.objects.filter(
                content_type=ContentType.objects.get_for_model(SelfAssessment),
                object_id__in=[assessment.pk for assessment in page],
            ).values_list("object_id", "pk")
        )
        for assessment in page:
            assessment.panel_id = panels.get(assessment.pk)
        return TemplateResponse(request, "studios/admin/queue.html", {
            "page_obj": page, "page_title": self.page_title, "status": status, "icon": "home",
            "tabs": [(value, label, counts.get(value, 0)) for value, label in SelfAssessment.Status.choices
                     if value != SelfAssessment.Status.DRAFT],
        })


class DecideAssessmentView(PermissionView):
    def post(self, request, assessment_id):
        decision = request.POST.get("decision")
        try:
            if decision == "endorse":
                services.endorse_assessment(assessment_id, actor=request.user)
                messages.success(request, _("The self-assessment is endorsed."))
            elif decision == "return":
                services.return_assessment(assessment_id, actor=request.user, reason=request.POST.get("reason", ""))
                messages.success(request, _("The self-assessment is returned to the studio."))
            elif decision == "panel":
                size = request.POST.get("size", "3")
                services.send_to_panel(assessment_id, actor=request.user,
                                       size=int(size) if size.isdigit() and len(size) <= 2 else 0)
                messages.success(request, _("An expert panel is seated for the self-assessment."))
            else:
                messages.error(request, _("The decision could not be read; try again."))
        except services.StudioError as error:
            messages.error(request, error.message)
        return _back_to_queue(request.POST.get("status"))
