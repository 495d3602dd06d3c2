"""The staff home in the Wagtail admin: per role, the work waiting and the headline figures of one's scope.

Panels (added by `construct_homepage_panels` in reports.wagtail_hooks):
- "Waiting for you": the one list of the work waiting, a count and a link per queue the person may work
  (self-registrations, CPD claims, enrollment requests, event sign-ups, essays to grade, level applications to endorse
  or to accept into a round, divergent panels for the chair, open objections to rounds' results, panels to score for
  experts), each counted in one query over their scope. No other panel repeats these counts: the expert's "My
  reviews" panel (experts.wagtail_hooks) lists the next assignments themselves.
- "Your scope at a glance" (organization and province admins): counselors, this period's CPD compliance, course
  completion and universities below the staffing guide, for the top of their scope, with links to the reports.
- "Learners who may be stuck" (trainers): active learners of the courses they teach with no activity for
  `LMS_STUCK_AFTER_DAYS` days (14 by default) or who failed a quiz twice without passing it since, ten at a time,
  with links to the learner's progress and attempts.
Each panel runs a fixed number of queries whatever the size of the scope.
"""

import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Count, Exists, F, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component

from certification.progression import work_waiting
from courses.models import Enrollment
from courses.teams import courses_taught_by
from cpd.models import CPDPeriod, ExternalClaim
from experts.models import Panel, PanelSeat
from experts.wagtail_hooks import expert_profile
from people.models import Role, User
from quizzes.models import Attempt
from quizzes.services import awaiting_items
from workshops.models import Registration

from . import figures
from .scope import Node, may_view_reports, resolve_node

STUCK_SHOWN = 10

def stuck_after_days() -> int:
    return int(getattr(settings, "LMS_STUCK_AFTER_DAYS", 14))


class WaitingWorkPanel(Component):
    name = "reports_waiting_work"
    template_name = "reports/panels/waiting_work.html"
    order = 50

    def __init__(self, request):
        self.request = request

    def queues(self) -> list[dict]:
        user = self.request.user
        in_scope = User.objects.visible_to(user).values("pk")
        queues = []
        if user.has_perm("people.change_user"):
            count = User.objects.visible_to(user).pending_approval().exclude(pk=user.pk).count()
            queues.append({"label": _("Self-registrations to approve"), "count": count,
                           "url": reverse("people_pending")})
        if user.has_perm("cpd.change_externalclaim"):
            count = (ExternalClaim.objects.filter(counselor__in=in_scope, status=ExternalClaim.Status.SUBMITTED)
                     .exclude(counselor=user).count())
            queues.append({"label": _("CPD claims to decide"), "count": count, "url": reverse("cpd_claims_queue")})
        if user.has_perm("courses.change_enrollment"):
            count = (Enrollment.objects.filter(user__in=in_scope, status=Enrollment.Status.PENDING)
                     .exclude(user=user).count())
            queues.append({"label": _("Enrollment requests to decide"), "count": count,
                           "url": reverse("courses_admin:approval_queue")})
        if user.has_perm("workshops.change_registration"):
            count = (Registration.objects.filter(user__in=in_scope, status=Registration.Status.PENDING)
                     .exclude(user=user).count())
            queues.append({"label": _("Event sign-ups to approve"), "count": count,
                           "url": reverse("workshops_approvals")})
        if user.has_perm("quizzes.change_attempt"):
            queues.append({"label": _("Essays to grade"), "count": awaiting_items(user).count(),
                           "url": reverse("quizzes_admin:grading_queue")})
        queues += self.certification_queues()
        for queues_of in hooks.get_hooks("lms_waiting_work"):  # higher apps' queues (see home.dashboard)
            queues += queues_of(user)
        return queues

    def certification_queues(self) -> list[dict]:
        user = self.request.user
        work = work_waiting(user)
        queue_url = reverse("certification_queue")
        queues = []
        if "to_endorse" in work:
            queues.append({"label": _("Level applications to endorse"), "count": work["to_endorse"],
                           "url": f"{queue_url}?status=submitted"})
        if "to_accept" in work:
            queues.append({"label": _("Endorsed level applications to accept into a round"),
                           "count": work["to_accept"], "url": f"{queue_url}?status=endorsed"})
        if "divergent" in work:
            url = (reverse("experts:panel", args=[work["divergent_first"]]) if work["divergent"] == 1
                   else reverse("expert_panels:index") + "?" + urlencode({"status": Panel.Status.DIVERGENT}))
            queues.append({"label": _("Divergent panel scores for the chair to decide"), "count": work["divergent"],
                           "url": url})
        if "objections" in work:
            queues.append({"label": _("Open objections to published round results"), "count": work["objections"],
                           "url": reverse("experts:publicity_list")})
        expert = expert_profile(self.request)
        if expert is not None:
            count = PanelSeat.objects.filter(expert=expert, status=PanelSeat.Status.ASSIGNED,
                                             panel__status=Panel.Status.OPEN).count()
            queues.append({"label": _("Panels to score"), "count": count, "url": reverse("experts:workbench")})
        return queues

    def get_context_data(self, parent_context=None):
        queues = self.queues()
        return {"queues": queues, "total": sum(queue["count"] for queue in queues)}

    def render_html(self, parent_context=None):
        context = self.get_context_data(parent_context)
        if not context["queues"]:
            return ""
        return render_to_string(self.template_name, context, request=self.request)


class ScopeFiguresPanel(Component):
    name = "reports_scope_figures"
    template_name = "reports/panels/scope_figures.html"
    order = 60

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        node: Node = resolve_node(self.request.user, None)
        period = CPDPeriod.current()
        cpd = figures.counselors_with_hours(node, period).aggregate(
            counselors=Count("pk"), met=Count("pk", filter=figures.meets(period)))
        completion = figures.enrollments_under(node).aggregate(
            enrolled=Count("pk"), completed=Count("pk", filter=Q(status=Enrollment.Status.COMPLETED)))
        below = figures.universities(node).filter(below=1).count()
        org = f"?{urlencode({'org': node.organization.pk})}"
        return {
            "node": node, "period": period, "counselors": cpd["counselors"], "met": cpd["met"],
            "met_share": figures.percent(cpd["met"], cpd["counselors"]), "behind": cpd["counselors"] - cpd["met"],
            "enrolled": completion["enrolled"], "completed": completion["completed"],
            "completion_rate": figures.percent(completion["completed"], completion["enrolled"]),
            "below_guide": below,
            "days_left": max((period.ends_on - timezone.localdate()).days, 0),
            "links": {name: reverse(f"reports:{name}") + org
                      for name in ("completion", "compliance", "progression", "workshops", "staffing")},
        }


class StuckLearnersPanel(Component):
    name = "reports_stuck_learners"
    template_name = "reports/panels/stuck_learners.html"
    order = 70

    def __init__(self, request):
        self.request = request

    def stuck(self):
        """Active enrollments in the trainer's courses that are idle or blocked at a quiz (a queryset)."""
        cutoff = timezone.now() - datetime.timedelta(days=stuck_after_days())
        failed_twice = (
            Attempt.objects.filter(enrollment=OuterRef("pk"), status=Attempt.Status.GRADED)
            .values("quiz")
            .annotate(failed=Count("pk", filter=Q(percent__lt=F("quiz__pass_mark"))),
                      passed=Count("pk", filter=Q(percent__gte=F("quiz__pass_mark"))))
            .filter(failed__gte=2, passed=0)
        )
        return (
            Enrollment.objects.filter(status=Enrollment.Status.ACTIVE,
                                      course__in=courses_taught_by(self.request.user).values("pk"))
            .annotate(failed_twice=Exists(failed_twice))
            .filter(Q(last_activity_at__lt=cutoff) | Q(last_activity_at__isnull=True, created_at__lt=cutoff)
                    | Q(failed_twice=True))
            .select_related("user__organization")
            .order_by(F("last_activity_at").asc(nulls_first=True), "pk")
        )

    def get_context_data(self, parent_context=None):
        stuck = self.stuck()
        rows = list(stuck[:STUCK_SHOWN])
        for enrollment in rows:
            enrollment.progress_url = reverse("enrollments:inspect", args=[enrollment.pk])
            enrollment.attempts_url = reverse("quiz_attempts:index") + "?" + urlencode({"q": enrollment.user.email})
        return {"rows": rows, "total": stuck.count(),
                "days": stuck_after_days(), "my_courses_url": reverse("courses_admin:my_courses")}


def staff_panels(request) -> list[Component]:
    """The panels for the signed-in person, by role."""
    user = request.user
    panels: list[Component] = [WaitingWorkPanel(request)]
    if may_view_reports(user):
        panels.append(ScopeFiguresPanel(request))
    if user.has_role(Role.TRAINER):
        panels.append(StuckLearnersPanel(request))
    return panels
