"""我的晋级 (my progression): what the page shows one counselor, in a fixed number of queries whatever their history.

The ladder with the current level, the level history, the next level's checklist (certification.evaluator), whether
and why they may apply, and their applications with a timeline read from the audit log (one query for all of them).
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Min, Q
from django.utils import timezone
from wagtail.models import ModelLogEntry

from experts.models import Objection, Panel
from people.models import Role
from standards.models import Level

from .evaluator import evaluate
from .ladder import next_on_ladder
from .models import LevelApplication, LevelRecord

APPLICATIONS_SHOWN = 10

TIMELINE_ACTIONS = (
    "certification.application.submitted", "certification.application.endorsed", "certification.application.returned",
    "certification.application.accepted", "certification.application.scored", "certification.application.passed",
    "certification.application.failed", "certification.application.withdrawn",
)


def timelines(applications) -> dict:
    """Map each application id to its audit entries, oldest first, in one query."""
    ids = [str(application.pk) for application in applications]
    if not ids:
        return {}
    content_type = ContentType.objects.get_for_model(LevelApplication)
    entries = ModelLogEntry.objects.filter(
        content_type=content_type, object_id__in=ids, action__in=TIMELINE_ACTIONS
    ).order_by("timestamp", "pk")
    grouped = {}
    for entry in entries:
        grouped.setdefault(int(entry.object_id), []).append(entry)
    return grouped


def progression(user, *, on=None) -> dict:
    on = on or timezone.localdate()
    ladder = list(Level.objects.order_by("rank"))
    records = list(
        LevelRecord.objects.valid().filter(holder=user).select_related("level").order_by("-level__rank")
    )
    current = records[0].level if records else None
    next_level = next_on_ladder([level for level in ladder if not level.is_appointed_title], current)
    evaluation = evaluate(user, next_level, on=on) if next_level is not None else None
    applications = list(
        LevelApplication.objects.filter(applicant=user)
        .select_related("level", "round", "certificate")
        .order_by("-created_at", "-pk")[:APPLICATIONS_SHOWN]
    )
    entries = timelines(applications)
    for application in applications:
        application.timeline = entries.get(application.pk, [])
    open_application = next(
        (a for a in applications if a.is_open and next_level is not None and a.level_id == next_level.pk), None
    )
    blocked_until = next(
        (a.reapply_from for a in applications
         if next_level is not None and a.level_id == next_level.pk and a.reapply_from and a.reapply_from > on),
        None,
    )
    may_apply = bool(evaluation and evaluation.eligible and open_application is None and blocked_until is None)
    return {
        "person": user,
        "ladder": ladder,
        "records": records,
        "current_level": current,
        "next_level": next_level,
        "evaluation": evaluation,
        "applications": applications,
        "open_application": open_application,
        "blocked_until": blocked_until,
        "may_apply": may_apply,
    }


def dashboard_card(user, level, *, on=None) -> dict:
    """For the dashboard: earned / needed hours toward `level` (the next level) and the first unmet requirement."""
    if level is None:
        return {}
    evaluation = evaluate(user, level, on=on)
    hours = next((r for r in evaluation.results if r.kind == "training_hours"), None)
    return {"progression": evaluation, "progression_hours": hours, "first_unmet": evaluation.first_unmet}


def work_waiting(user) -> dict:
    """What certification asks of a person now, in at most three queries, as counts and the first item's id: for
    organization and province admins the submitted applications in their scope awaiting endorsement (never their
    own); for province admins also the endorsed ones waiting for a round and the open objections in the publicity
    periods of rounds; for anyone who chairs a panel the divergent certification panels they must decide (a
    province admin also those without a chair). The staff home's "Waiting for you" panel lists them."""
    province = user.manages_whole_province
    work = {}
    if province or user.has_role(Role.ORG_ADMIN):
        counts = LevelApplication.objects.visible_to(user).exclude(applicant=user).aggregate(
            to_endorse=Count("pk", filter=Q(status=LevelApplication.Status.SUBMITTED)),
            to_accept=Count("pk", filter=Q(status=LevelApplication.Status.ENDORSED)),
        )
        work["to_endorse"] = counts["to_endorse"]
        if province:
            work["to_accept"] = counts["to_accept"]
            work["objections"] = Objection.objects.filter(
                status=Objection.Status.OPEN, publicity__content_type__app_label="certification",
                publicity__content_type__model="assessmentround",
            ).count()
    chaired = Q(chair=user) | Q(chair__isnull=True) if province else Q(chair=user)
    divergent = (Panel.objects.filter(chaired, purpose__startswith="certification.", status=Panel.Status.DIVERGENT)
                 .aggregate(count=Count("pk"), first=Min("pk")))
    if divergent["count"] or province:
        work["divergent"] = divergent["count"]
        work["divergent_first"] = divergent["first"]
    return work
