"""The review machinery's rules across rows: seating panels, conflicts, blind scoring, results, publicity.

The interface for the apps whose things are judged (certification now; competitions, awards, studios later):

    from experts.services import ExpertError, assign_panel, open_publicity, ...

    panel = assign_panel(application, purpose="certification.skills", rubric=rubric, size=3, chair=round.chair,
                         actor=admin, due_on=None, drop_extremes=False, divergence_limit=Decimal(20))
    declare_conflict(seat.pk, user=expert_user, reason="...")   # the expert leaves; a replacement is seated
    submit_score(seat.pk, user=expert_user, scores={criterion.pk: Decimal("85"), ...}, comment="...")
    resolve_divergence(panel.pk, user=chair, result=Decimal("72"), reason="...")
    scores_visible_to(panel, user)                               # -> the Score queryset this user may read
    open_publicity(subject, days=7, actor=admin)
    file_objection(publicity.pk, user=someone, text="...")
    resolve_objection(objection.pk, user=admin, upheld=False, resolution="...")

Who is seated. Candidates are experts who are active and within their term today, whose account is active, who are
not already on this panel (a declined seat never returns), not among the adapter's `excluded_user_ids`, not the
panel's chair, whose organization is outside every subtree of the adapter's `excluded_organizations`, and whose open
assignments (assigned seats on panels still scoring) are below their `max_concurrent`. They are taken in this order:
an expert with a specialty among the subject's topics first; then the fewest open assignments; then the fewest
seats ever held (rotation); then the longest-standing pool member (lowest id). The candidate rows are locked before
the loads are counted, so two assignments at once never push an expert over their maximum.

Results. When every seat of a full panel has a score, the totals are aggregated: the mean, without one highest and
one lowest total when the panel drops extremes and has at least three scores. If the counted totals spread further
apart than the panel's divergence limit, the panel waits for its chair, who sets the result with a reason. The
moment a result is final the subject's adapter hears of it (`on_panel_result`), once, in the same transaction.

Errors are `ExpertError` with a translated message and a `code`; every decision writes an audit entry through
Wagtail's log (actions `experts.*`, registered in wagtail_hooks).
"""

from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from people.models import Organization, Role

from .models import Expert, Objection, Panel, PanelSeat, Publicity, Score
from .subjects import adapter_for

MAX_COMMENT = 4000
MAX_PANEL_SIZE = 15
MAX_PUBLICITY_DAYS = 60
CENT = Decimal("0.01")


class ExpertError(Exception):
    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


def _decimal(value, *, low: Decimal, high: Decimal, message: str, code: str) -> Decimal:
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError, TypeError):
        number = None
    if number is None or not number.is_finite() or number < low or number > high:
        raise ExpertError(message, code=code)
    return number


def _plain(number: Decimal) -> str:
    """A decimal as people write it: 10 for 10.00 (not 1E+1), 7.5 for 7.50."""
    return f"{number.normalize():f}"


def _may_manage_panels(actor) -> bool:
    return actor is None or actor.is_superuser or actor.has_perm("experts.change_panel")


# --- seating ---------------------------------------------------------------------------------------------------


def _candidates(panel: Panel, subject, adapter):
    """Experts who may take a seat on `panel` now, best first (see the module docstring for the order)."""
    today = timezone.localdate()
    excluded_users = {int(pk) for pk in adapter.excluded_user_ids(subject)}
    if panel.chair_id is not None:
        excluded_users.add(panel.chair_id)
    conflict = Q()
    # Paths are read afresh: inserting a sibling in a name-ordered tree moves the paths of in-memory nodes.
    conflicted_ids = [org.pk for org in adapter.excluded_organizations(subject) if org is not None]
    for path in Organization.objects.filter(pk__in=conflicted_ids).values_list("path", flat=True):
        conflict |= Q(organization__path__startswith=path)
    topic_ids = [topic.pk for topic in adapter.topics(subject)]

    load = (
        PanelSeat.objects.open_assignments()
        .filter(expert=OuterRef("pk"))
        .order_by()
        .values("expert")
        .annotate(n=Count("pk"))
        .values("n")
    )
    served = PanelSeat.objects.live().filter(expert=OuterRef("pk")).order_by().values("expert").annotate(
        n=Count("pk")
    ).values("n")
    matches = Expert.specialties.through.objects.filter(expert_id=OuterRef("pk"), topic_id__in=topic_ids)
    queryset = (
        Expert.objects.serving(today)
        .filter(user__is_active=True)
        .exclude(pk__in=PanelSeat.objects.filter(panel=panel).values("expert_id"))
        .exclude(user_id__in=excluded_users)
    )
    if conflict:
        queryset = queryset.exclude(conflict)
    return (
        queryset.annotate(
            load=Coalesce(Subquery(load), Value(0)),
            served=Coalesce(Subquery(served), Value(0)),
            matches=Exists(matches) if topic_ids else Value(False),
        )
        .filter(load__lt=F("max_concurrent"))
        .order_by("-matches", "load", "served", "pk")
    )


def _seat_experts(panel: Panel, subject, adapter, count: int, actor) -> list[PanelSeat]:
    """Seat up to `count` experts on `panel`, locking the candidates before their loads are counted."""
    if count <= 0:
        return []
    candidate_ids = list(_candidates(panel, subject, adapter).values_list("pk", flat=True))
    # Lock in id order (no deadlock between two assignments), then count loads again under the locks.
    list(Expert.objects.select_for_update().filter(pk__in=candidate_ids).order_by("pk").values_list("pk", flat=True))
    chosen = list(_candidates(panel, subject, adapter).filter(pk__in=candidate_ids)[:count])
    seats = []
    for expert in chosen:
        seat = PanelSeat.objects.create(panel=panel, expert=expert)
        log(panel, "experts.seat.assigned", user=actor, data={"seat": seat.pk, "expert": expert.pk})
        seats.append(seat)
    return seats


def assign_panel(
    subject, *, purpose: str, rubric, size: int = 3, chair=None, actor, due_on=None, drop_extremes: bool = False,
    divergence_limit=Decimal(20),
) -> Panel:
    """Assign a panel of `size` experts to review `subject` for `purpose`; one panel per subject and purpose.

    Calling it again for a subject and purpose that already have a panel returns that panel unchanged (also when
    two calls race: the database's unique constraint decides). Fewer eligible experts than `size` changes nothing
    and raises `not_enough_experts`.
    """
    if not _may_manage_panels(actor):
        raise ExpertError(_("You may not assign review panels."), code="forbidden")
    adapter = adapter_for(subject)
    purpose = (purpose or "").strip()
    if not purpose:
        raise ExpertError(_("Name the purpose of the panel."), code="purpose_required")
    if not isinstance(size, int) or not 1 <= size <= MAX_PANEL_SIZE:
        raise ExpertError(
            _("A panel has between 1 and %(max)s experts.") % {"max": MAX_PANEL_SIZE}, code="invalid_size"
        )
    if rubric is None or not rubric.criteria.exists():
        raise ExpertError(_("Choose a rubric with at least one criterion."), code="rubric_required")
    limit = _decimal(
        divergence_limit, low=Decimal(0), high=Decimal(100), code="invalid_limit",
        message=_("The divergence limit must be a number from 0 to 100."),
    )
    content_type = ContentType.objects.get_for_model(subject)
    existing = Panel.objects.filter(content_type=content_type, object_id=subject.pk, purpose=purpose).first()
    if existing is not None:
        return existing
    organization = adapter.organization(subject)
    panel = Panel(
        content_type=content_type, object_id=subject.pk, subject_title=str(adapter.title(subject))[:200],
        organization=organization, purpose=purpose[:60], rubric=rubric, size=size, chair=chair,
        divergence_limit=limit, drop_extremes=drop_extremes, due_on=due_on, created_by=actor,
    )
    with transaction.atomic():
        try:
            with transaction.atomic():  # a savepoint: losing the race returns the winner's panel
                panel.save()
        except IntegrityError:
            existing = Panel.objects.filter(content_type=content_type, object_id=subject.pk, purpose=purpose).first()
            if existing is None:
                raise
            return existing
        seats = _seat_experts(panel, subject, adapter, size, actor)
        if len(seats) < size:
            transaction.set_rollback(True)
            raise ExpertError(
                _("Only %(found)s of the %(size)s experts needed are available for this subject "
                  "(free, in term, without a conflict of interest). Add experts to the pool or reduce the panel.")
                % {"found": len(seats), "size": size},
                code="not_enough_experts",
            )
        log(panel, "experts.panel.assigned", user=actor, data={"purpose": panel.purpose, "size": size})
    return panel


def fill_panel(panel_id: int, *, actor) -> Panel:
    """Seat experts on a panel that is short of its size (a conflict found no replacement at the time)."""
    if not _may_manage_panels(actor):
        raise ExpertError(_("You may not assign review panels."), code="forbidden")
    with transaction.atomic():
        panel = _locked_panel(panel_id, actor)
        if panel.status != Panel.Status.OPEN:
            raise ExpertError(_("This panel has finished scoring."), code="panel_closed")
        missing = panel.size - panel.seats.live().count()
        subject = panel.subject
        seats = _seat_experts(panel, subject, adapter_for(subject), missing, actor)
        if len(seats) < missing:
            log(panel, "experts.panel.short", user=actor, data={"missing": missing - len(seats)})
    return panel


def _locked_panel(panel_id: int, user) -> Panel:
    panel = Panel.objects.select_for_update(of=("self",)).filter(pk=panel_id).first()
    if panel is None or (user is not None and not Panel.objects.visible_to(user).filter(pk=panel_id).exists()):
        raise ExpertError(_("This panel does not exist or is not yours to see."), code="not_found")
    return panel


def _locked_seat(seat_id: int, user) -> tuple[Panel, PanelSeat]:
    """The panel row is locked first (every seat change of a panel goes through it), then the seat; only the seated
    expert gets it."""
    panel_id = PanelSeat.objects.filter(pk=seat_id, expert__user=user).values_list("panel_id", flat=True).first()
    if panel_id is None:
        raise ExpertError(_("This assignment does not exist or is not yours."), code="not_found")
    panel = Panel.objects.select_for_update(of=("self",)).get(pk=panel_id)
    seat = PanelSeat.objects.select_for_update(of=("self",)).select_related("expert").get(pk=seat_id)
    return panel, seat


def declare_conflict(seat_id: int, *, user, reason: str) -> PanelSeat:
    """The seated expert declares a conflict of interest and leaves the panel; a replacement is seated at once when
    one is available (otherwise the panel is marked short for an admin to fill)."""
    reason = (reason or "").strip()
    if not reason:
        raise ExpertError(_("Describe the conflict of interest."), code="reason_required")
    with transaction.atomic():
        panel, seat = _locked_seat(seat_id, user)
        if seat.status != PanelSeat.Status.ASSIGNED or panel.status != Panel.Status.OPEN:
            raise ExpertError(
                _("You can declare a conflict only on an assignment you have not scored yet."), code="not_assigned"
            )
        seat.status, seat.conflict_reason, seat.declined_at = PanelSeat.Status.DECLINED, reason[:MAX_COMMENT], (
            timezone.now()
        )
        seat.save(update_fields=["status", "conflict_reason", "declined_at"])
        log(panel, "experts.seat.declined", user=user, data={"seat": seat.pk, "reason": seat.conflict_reason})
        subject = panel.subject
        if not _seat_experts(panel, subject, adapter_for(subject), 1, None):
            log(panel, "experts.panel.short", user=None, data={"missing": 1})
    return seat


# --- scoring ---------------------------------------------------------------------------------------------------


def _criterion_scores(panel: Panel, scores: dict) -> tuple[list[dict], Decimal]:
    """Check one score per criterion of the panel's rubric (0 to its maximum, one decimal); return the snapshot
    lines and the weighted total out of 100."""
    criteria = list(panel.rubric.criteria.all())
    given = {}
    for key, value in (scores or {}).items():
        try:
            given[int(key)] = value
        except (TypeError, ValueError):
            raise ExpertError(_("The scores name an unknown criterion."), code="unknown_criterion") from None
    if set(given) != {criterion.pk for criterion in criteria}:
        raise ExpertError(_("Score every criterion of the rubric, and only those."), code="incomplete")
    lines, weighted, weights = [], Decimal(0), Decimal(0)
    for criterion in criteria:
        score = _decimal(
            given[criterion.pk], low=Decimal(0), high=criterion.max_score, code="invalid_score",
            message=_("The score for “%(label)s” must be a number from 0 to %(max)s.")
            % {"label": criterion.label, "max": _plain(criterion.max_score)},
        )
        if score != score.quantize(Decimal("0.1")):
            raise ExpertError(
                _("Scores have at most one decimal place (“%(label)s”).") % {"label": criterion.label},
                code="invalid_score",
            )
        lines.append({
            "criterion": criterion.pk, "label": criterion.label, "weight": str(criterion.weight),
            "max_score": str(criterion.max_score), "score": str(score),
        })
        weighted += criterion.weight * score / criterion.max_score
        weights += criterion.weight
    return lines, (weighted * 100 / weights).quantize(CENT, rounding=ROUND_HALF_UP)


def aggregate(totals: list[Decimal], *, drop_extremes: bool) -> tuple[Decimal, Decimal]:
    """(mean, spread) of the counted totals: all of them, or without one highest and one lowest when extremes are
    dropped and there are at least three."""
    counted = sorted(totals)
    if drop_extremes and len(counted) >= 3:
        counted = counted[1:-1]
    mean = (sum(counted, Decimal(0)) / len(counted)).quantize(CENT, rounding=ROUND_HALF_UP)
    return mean, counted[-1] - counted[0]


def _decide(panel: Panel, result: Decimal, basis: str, user, reason: str = "") -> None:
    panel.status, panel.result, panel.result_basis = Panel.Status.DECIDED, result, basis
    panel.resolution_reason, panel.decided_at = reason, timezone.now()
    panel.save(update_fields=["status", "result", "result_basis", "resolution_reason", "decided_at"])
    log(panel, "experts.panel.decided", user=user, data={"result": str(result), "basis": basis})
    adapter_for(panel.content_type.model_class()).on_panel_result(panel)


def _close_if_complete(panel: Panel, user) -> None:
    totals = list(
        Score.objects.filter(seat__panel=panel, seat__status=PanelSeat.Status.SUBMITTED).values_list("total", flat=True)
    )
    if len(totals) < panel.size or panel.seats.filter(status=PanelSeat.Status.ASSIGNED).exists():
        return
    mean, spread = aggregate(totals, drop_extremes=panel.drop_extremes)
    if spread > panel.divergence_limit:
        panel.status, panel.result = Panel.Status.DIVERGENT, mean
        panel.save(update_fields=["status", "result"])
        log(panel, "experts.panel.divergent", user=user, data={"mean": str(mean), "spread": str(spread)})
        return
    _decide(panel, mean, Panel.Basis.MEAN, user)


def submit_score(seat_id: int, *, user, scores: dict, comment: str = "") -> Score:
    """The seated expert scores every criterion once; a second submission (or a race of two) is refused."""
    comment = (comment or "").strip()
    if len(comment) > MAX_COMMENT:
        raise ExpertError(
            _("The comment may be at most %(max)s characters long.") % {"max": MAX_COMMENT}, code="comment_too_long"
        )
    with transaction.atomic():
        panel, seat = _locked_seat(seat_id, user)
        if seat.status == PanelSeat.Status.SUBMITTED:
            raise ExpertError(
                _("You have already submitted this score; it cannot be changed."), code="already_submitted"
            )
        if seat.status != PanelSeat.Status.ASSIGNED or panel.status != Panel.Status.OPEN:
            raise ExpertError(_("This assignment is no longer open for scoring."), code="not_assigned")
        lines, total = _criterion_scores(panel, scores)
        score = Score.objects.create(seat=seat, criteria=lines, total=total, comment=comment)
        seat.status = PanelSeat.Status.SUBMITTED
        seat.save(update_fields=["status"])
        log(panel, "experts.score.submitted", user=user, data={"seat": seat.pk, "total": str(total)})
        _close_if_complete(panel, user)
    return score


def resolve_divergence(panel_id: int, *, user, result, reason: str) -> Panel:
    """The panel's chair (a province admin when the panel has none) sets the result of a panel whose scores
    diverge, with a reason."""
    reason = (reason or "").strip()
    if not reason:
        raise ExpertError(_("Give the reason for the result."), code="reason_required")
    result = _decimal(
        result, low=Decimal(0), high=Decimal(100), code="invalid_result",
        message=_("The result must be a number from 0 to 100."),
    ).quantize(CENT, rounding=ROUND_HALF_UP)
    with transaction.atomic():
        panel = _locked_panel(panel_id, user)
        may_resolve = user.pk == panel.chair_id if panel.chair_id else user.manages_whole_province
        if not may_resolve:
            raise ExpertError(_("Only the panel's chair may resolve diverging scores."), code="not_chair")
        if panel.status != Panel.Status.DIVERGENT:
            raise ExpertError(_("This panel's scores do not await the chair."), code="not_divergent")
        log(panel, "experts.panel.resolved", user=user, data={"result": str(result), "reason": reason[:MAX_COMMENT]})
        _decide(panel, result, Panel.Basis.CHAIR, user, reason[:MAX_COMMENT])
    return panel


def scores_visible_to(panel: Panel, user):
    """The scores of `panel` that `user` may read. A seated expert: all of them once their own is submitted, none
    before, none after declaring a conflict (also when they are an admin or the chair). Otherwise all of them for
    the chair and for admins whose scope holds the subject, and none for anyone else."""
    scores = Score.objects.filter(seat__panel=panel).select_related("seat__expert__user").order_by("seat__pk")
    if not getattr(user, "is_authenticated", False):
        return scores.none()
    own = set(panel.seats.filter(expert__user=user).values_list("status", flat=True))
    if own and PanelSeat.Status.SUBMITTED not in own:  # seated and not yet scored, or withdrawn for a conflict
        return scores.none()
    if own or user.manages_whole_province or user.pk == panel.chair_id:
        return scores
    if (
        user.has_role(Role.ORG_ADMIN)
        and user.organization_id
        and panel.organization_id
        and Organization.objects.filter(pk=panel.organization_id, path__startswith=user.organization.path).exists()
    ):
        return scores
    return scores.none()


# --- publicity and objections ------------------------------------------------------------------------------------


def open_publicity(subject, *, days: int, actor, starts_on=None) -> Publicity:
    """Open the publicity period (公示) of a subject's result: `days` days from `starts_on` (today), inclusive.
    A subject has one publicity period; opening it again returns the existing one."""
    if not _may_manage_panels(actor):
        raise ExpertError(_("You may not open a publicity period."), code="forbidden")
    if not isinstance(days, int) or not 1 <= days <= MAX_PUBLICITY_DAYS:
        raise ExpertError(
            _("A publicity period lasts from 1 to %(max)s days.") % {"max": MAX_PUBLICITY_DAYS}, code="invalid_days"
        )
    adapter = adapter_for(subject)
    content_type = ContentType.objects.get_for_model(subject)
    starts_on = starts_on or timezone.localdate()
    publicity = Publicity(
        content_type=content_type, object_id=subject.pk, subject_title=str(adapter.title(subject))[:200],
        organization=adapter.organization(subject), starts_on=starts_on, ends_on=starts_on + timedelta(days=days - 1),
        opened_by=actor,
    )
    with transaction.atomic():
        try:
            with transaction.atomic():
                publicity.save()
        except IntegrityError:
            existing = Publicity.objects.filter(content_type=content_type, object_id=subject.pk).first()
            if existing is None:
                raise
            return existing
        log(publicity, "experts.publicity.opened", user=actor, data={"ends_on": publicity.ends_on.isoformat()})
    return publicity


def file_objection(publicity_id: int, *, user, text: str) -> Objection:
    """Anyone signed in may object while the publicity period runs."""
    text = (text or "").strip()
    if not text:
        raise ExpertError(_("Write down your objection."), code="text_required")
    if len(text) > MAX_COMMENT:
        raise ExpertError(
            _("An objection may be at most %(max)s characters long.") % {"max": MAX_COMMENT}, code="text_too_long"
        )
    with transaction.atomic():
        publicity = Publicity.objects.filter(pk=publicity_id).first()
        if publicity is None:
            raise ExpertError(_("This publicity period does not exist."), code="not_found")
        if not publicity.is_running():
            raise ExpertError(_("Objections are accepted only during the publicity period."), code="not_running")
        objection = Objection.objects.create(publicity=publicity, filed_by=user, text=text)
        log(publicity, "experts.objection.filed", user=user, data={"objection": objection.pk})
    return objection


def resolve_objection(objection_id: int, *, user, upheld: bool, resolution: str) -> Objection:
    """An admin whose scope holds the subject upholds or dismisses an open objection, with the reasons; the first
    decision wins."""
    resolution = (resolution or "").strip()
    if not resolution:
        raise ExpertError(_("Give the reasons for the decision."), code="reason_required")
    if not (user.manages_whole_province or user.has_role(Role.ORG_ADMIN)):
        raise ExpertError(_("Only administrators resolve objections."), code="forbidden")
    with transaction.atomic():
        objection = (
            Objection.objects.select_for_update(of=("self",))
            .filter(pk=objection_id, publicity__in=Publicity.objects.visible_to(user))
            .select_related("publicity")
            .first()
        )
        if objection is None:
            raise ExpertError(_("This objection does not exist or is outside your organization."), code="not_found")
        if objection.filed_by_id == user.pk:
            raise ExpertError(_("You cannot decide your own objection."), code="own_objection")
        if objection.status != Objection.Status.OPEN:
            raise ExpertError(_("This objection has already been decided."), code="already_decided")
        objection.status = Objection.Status.UPHELD if upheld else Objection.Status.DISMISSED
        objection.resolution, objection.resolved_by, objection.resolved_at = (
            resolution[:MAX_COMMENT], user, timezone.now()
        )
        objection.save(update_fields=["status", "resolution", "resolved_by", "resolved_at"])
        log(objection.publicity, "experts.objection.resolved", user=user,
            data={"objection": objection.pk, "status": objection.status})
    return objection
