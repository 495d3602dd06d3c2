"""What evaluations adds to the dashboards (through home.dashboard's hooks, registered in wagtail_hooks):
moderators get "Evaluations to moderate" among their waiting work; counselors and peers a card with their open
campaigns' response counts, the colleagues waiting for their evaluation and their latest composite score (only when
evaluations.results allows it). A fixed number of queries whatever the data size."""

from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from people.access import is_active_member
from people.models import Role

from .models import Campaign, Participant, PeerAssignment, Response
from .results import aggregates_for_people


def waiting_work(user) -> list[dict]:
    if not user.has_perm("evaluations.change_response"):
        return []
    count = Response.objects.moderated_by(user).awaiting_moderation().exclude(participant__counselor=user).count()
    return [{"label": _("Evaluations to moderate"), "url": reverse("evaluations_moderation"), "count": count}]


def dashboard_card(user) -> str:
    if not is_active_member(user):
        return ""
    tasks = PeerAssignment.objects.filter(
        reviewer=user, answered_at__isnull=True, participant__campaign__status=Campaign.Status.OPEN
    ).count()
    if not user.has_role(Role.COUNSELOR) and not tasks:
        return ""
    open_ones = Participant.objects.filter(counselor=user, campaign__status=Campaign.Status.OPEN).aggregate(
        campaigns=Count("pk", distinct=True),
        responses=Count("responses", filter=Q(responses__status=Response.Status.ACCEPTED), distinct=True),
    )
    latest = aggregates_for_people([user.pk]).get(user.pk)
    return render_to_string("evaluations/includes/dashboard_card.html", {
        "tasks": tasks, "open": open_ones, "latest": latest,
    })
