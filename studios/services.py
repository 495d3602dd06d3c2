"""Studio rules across rows: the lead's public details, self-assessment (draft → submit → endorse or return), the
expert panel, and publishing the rating.

    update_public_details(studio_id, actor=lead, description=..., opening_hours=..., phone=...)
    start_assessment(studio_id, actor=lead_or_org_admin)          # against the current standard version
    save_draft(assessment_id, actor=..., summary=..., lines={criterion_id: (score, note)}, files={criterion_id: [...]})
    submit_assessment(assessment_id, actor=...)                   # every criterion self-scored
    endorse_assessment(assessment_id, actor=org_admin)            # first decision wins
    return_assessment(assessment_id, actor=org_admin, reason="...")
    send_to_panel(assessment_id, actor=province_admin, size=3, chair=None)
    publish_rating(assessment_id, result=..., panel=None)         # from the panel's final result; exactly once

Who may do what. The lead and the organization admins whose scope holds the studio fill and submit its
self-assessment (members read it). An organization admin in scope (or a province admin) endorses or returns a
submitted one, never their own submission; the first decision wins, also where there are no row locks. Province
admins send endorsed ones to an expert panel (experts machinery, one rubric per standard version, built from its
criteria when its first panel is assigned). The panel's final result is rated against the version's thresholds and
published onto the studio once (StudioRating is unique per assessment; a second call changes nothing). Errors are
`StudioError` with a translated message and a `code`; every step writes an audit entry (`studios.*`).
"""

from decimal import Decimal, InvalidOperation
from uuid import uuid4

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from cpd.evidence import MAX_FILES, EvidenceError, check_evidence
from experts.models import Rubric, RubricCriterion
from experts.services import ExpertError, assign_panel
from people.models import Role, User

from .directory import invalidate_directory
from .models import (
    AssessmentEvidence,
    SelfAssessment,
    SelfAssessmentLine,
    Standard,
    Studio,
    StudioRating,
    weighted_total,
)
from .subjects import PURPOSE

MAX_TEXT = 4000
MAX_FIELD = {"description": 4000, "opening_hours": 200, "phone": 40, "address": 200}


class StudioError(Exception):
    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


def _is_admin_over(actor, studio: Studio) -> bool:
    """Whether `actor` administers the studio: a province admin, or an organization admin whose subtree holds it."""
    if not getattr(actor, "is_authenticated", False):
        return False
    if actor.manages_whole_province:
        return True
    return (
        actor.has_role(Role.ORG_ADMIN) and actor.organization_id is not None
        and Studio.objects.filter(pk=studio.pk, organization__path__startswith=actor.organization.path).exists()
    )


def may_manage_assessment(actor, studio: Studio) -> bool:
    """The lead and the admins whose scope holds the studio fill in and submit its self-assessment."""
    return getattr(actor, "is_authenticated", False) and (studio.lead_id == actor.pk or _is_admin_over(actor, studio))


def may_decide(actor, studio: Studio) -> bool:
    return _is_admin_over(actor, studio)


# --- the lead's public details -----------------------------------------------------------------------------------


def update_public_details(studio_id: int, *, actor, **fields) -> Studio:
    """The lead edits what the public directory shows of their studio: description, opening hours, phone, address."""
    unknown = set(fields) - set(MAX_FIELD)
    if unknown:
        raise StudioError(_("These details cannot be changed here."), code="invalid_field")
    cleaned = {}
    for name, value in fields.items():
        value = (value or "").strip()
        if len(value) > MAX_FIELD[name]:
            raise StudioError(
                _("A field is too long (at most %(max)s characters).") % {"max": MAX_FIELD[name]}, code="too_long"
            )
        cleaned[name] = value
    with transaction.atomic():
        studio = Studio.objects.select_for_update().filter(pk=studio_id).first()
        if studio is None or studio.lead_id != actor.pk:
            raise StudioError(_("This studio does not exist or you do not lead it."), code="not_found")
        changed = {name: value for name, value in cleaned.items() if getattr(studio, name) != value}
        if not changed:
            return studio
        for name, value in changed.items():
            setattr(studio, name, value)
        studio.save(update_fields=list(changed))
        log(studio, "studios.studio.details_updated", user=actor, data={"fields": sorted(changed)})
        transaction.on_commit(invalidate_directory)
    return studio


# --- self-assessment ---------------------------------------------------------------------------------------------


def start_assessment(studio_id: int, *, actor) -> SelfAssessment:
    """Open a draft self-assessment of an open studio against the current standard version; one open at a time."""
    with transaction.atomic():
        studio = Studio.objects.select_for_update().filter(pk=studio_id).first()
        if studio is None or not may_manage_assessment(actor, studio):
            raise StudioError(_("This studio does not exist or is not yours to assess."), code="not_found")
        if studio.status != Studio.Status.OPEN:
            raise StudioError(_("A closed studio is not assessed."), code="studio_closed")
        standard = Standard.objects.current()
        if standard is None or not standard.criteria.exists():
            raise StudioError(_("The studio standard is not yet published."), code="no_standard")
        assessment = SelfAssessment(studio=studio, standard=standard, created_by=actor)
        try:
            with transaction.atomic():
                assessment.save()
        except IntegrityError:
            raise StudioError(
                _("This studio already has a self-assessment in progress."), code="already_open"
            ) from None
        SelfAssessmentLine.objects.bulk_create(
            [SelfAssessmentLine(assessment=assessment, criterion=criterion) for criterion in standard.criteria.all()]
        )
        log(assessment, "studios.assessment.started", user=actor, data={"version": standard.version})
    return assessment


def _locked_assessment(assessment_id: int) -> SelfAssessment:
    assessment = (
        SelfAssessment.objects.select_for_update(of=("self",)).select_related("studio", "standard")
        .filter(pk=assessment_id).first()
    )
    if assessment is None:
        raise StudioError(_("This self-assessment does not exist or is not yours."), code="not_found")
    return assessment


def _editable(assessment_id: int, actor) -> SelfAssessment:
    assessment = _locked_assessment(assessment_id)
    if not may_manage_assessment(actor, assessment.studio):
        raise StudioError(_("This self-assessment does not exist or is not yours."), code="not_found")
    if not assessment.is_editable:
        raise StudioError(
            _("This self-assessment is %(status)s and can no longer be changed.")
            % {"status": assessment.get_status_display()},
            code="not_editable",
        )
    return assessment


def _score(value, criterion) -> Decimal | None:
    text = str(value if value is not None else "").strip()
    if not text:
        return None
    try:
        number = Decimal(text)
    except (InvalidOperation, ValueError):
        number = None
    if number is None or not number.is_finite() or number < 0 or number > criterion.max_score:
        raise StudioError(
            _("The self-score for “%(label)s” must be a number from 0 to %(max)s.")
            % {"label": criterion.label, "max": format(criterion.max_score.normalize(), "f")},
            code="invalid_score",
        )
    if number != number.quantize(Decimal("0.1")):
        raise StudioError(
            _("Self-scores have at most one decimal place (“%(label)s”).") % {"label": criterion.label},
            code="invalid_score",
        )
    return number


def save_draft(assessment_id: int, *, actor, summary: str = "", lines=None, files=None) -> SelfAssessment:
    """Save the self-scores, notes and summary of a draft (or returned) assessment and add evidence files per
    criterion. All or nothing: one bad score or file changes nothing."""
    lines, files = dict(lines or {}), {key: list(value) for key, value in (files or {}).items() if value}
    summary = (summary or "").strip()
    if len(summary) > MAX_TEXT:
        raise StudioError(_("The summary may be at most %(max)s characters long.") % {"max": MAX_TEXT},
                          code="too_long")
    with transaction.atomic():
        assessment = _editable(assessment_id, actor)
        by_criterion = {line.criterion_id: line for line in assessment.lines.select_related("criterion")}
        try:
            named = {int(key) for key in [*lines, *files]}
        except (TypeError, ValueError):
            named = {None}
        if not named <= set(by_criterion):
            raise StudioError(_("The form names a criterion outside this standard."), code="unknown_criterion")
        changed = []
        for key, (score, note) in lines.items():
            line = by_criterion[int(key)]
            note = (note or "").strip()
            if len(note) > MAX_TEXT:
                raise StudioError(_("A note may be at most %(max)s characters long.") % {"max": MAX_TEXT},
                                  code="too_long")
            line.score, line.note = _score(score, line.criterion), note
            changed.append(line)
        SelfAssessmentLine.objects.bulk_update(changed, ["score", "note"])
        uploads = [(int(key), upload) for key, batch in files.items() for upload in batch]
        existing = assessment.evidence.count()
        if existing + len(uploads) > MAX_FILES * len(by_criterion):
            raise StudioError(_("Too many evidence files."), code="too_many_files")
        for criterion_id, batch in files.items():
            already = assessment.evidence.filter(criterion_id=int(criterion_id)).count()
            try:
                checked = check_evidence(batch, existing=already)
            except EvidenceError as error:
                raise StudioError(error.message, code=error.code) from error
            for upload, content_type, extension in checked:
                upload.seek(0)
                evidence = AssessmentEvidence(
                    assessment=assessment, criterion_id=int(criterion_id), content_type=content_type,
                    size=upload.size, original_name=(getattr(upload, "name", "") or f"evidence.{extension}")[-200:],
                )
                evidence.file.save(f"{uuid4().hex}.{extension}", upload, save=False)  # never the uploaded name
                evidence.save()
        assessment.summary = summary
        assessment.save(update_fields=["summary"])
        log(assessment, "studios.assessment.saved", user=actor, data={"lines": len(changed), "files": len(uploads)})
    return assessment


def remove_evidence(evidence_id: int, *, actor) -> SelfAssessment:
    """Remove an evidence file from an assessment that may still be changed."""
    with transaction.atomic():
        item = AssessmentEvidence.objects.filter(pk=evidence_id).first()
        if item is None:
            raise StudioError(_("This evidence file does not exist."), code="not_found")
        assessment = _editable(item.assessment_id, actor)
        name = item.original_name
        item.file.delete(save=False)
        item.delete()
        log(assessment, "studios.assessment.evidence_removed", user=actor, data={"file": name})
    return assessment


def submit_assessment(assessment_id: int, *, actor) -> SelfAssessment:
    """Submit a draft (or a corrected, returned) assessment to the organization: every criterion self-scored."""
    with transaction.atomic():
        assessment = _editable(assessment_id, actor)
        lines = list(assessment.lines.select_related("criterion"))
        missing = [line.criterion.label for line in lines if line.score is None]
        if missing:
            raise StudioError(
                _("Give a self-score for every criterion (missing: %(labels)s).") % {"labels": "、".join(missing[:5])},
                code="incomplete",
            )
        assessment.self_score = weighted_total((line.criterion, line.score) for line in lines)
        assessment.status, assessment.submitted_at, assessment.submitted_by = (
            SelfAssessment.Status.SUBMITTED, timezone.now(), actor
        )
        assessment.decided_by, assessment.decided_at, assessment.return_reason = None, None, ""
        assessment.save()
        log(assessment, "studios.assessment.submitted", user=actor, data={"self_score": str(assessment.self_score)})
    return assessment


def _lock_for_decision(assessment_id: int, actor) -> SelfAssessment:
    assessment = _locked_assessment(assessment_id)
    if not may_decide(actor, assessment.studio):
        raise StudioError(
            _("This self-assessment does not exist or is outside your organization."), code="not_found"
        )
    if actor.pk in (assessment.submitted_by_id, assessment.studio.lead_id):
        raise StudioError(_("You cannot decide on your own self-assessment; another admin must."),
                          code="own_assessment")
    if assessment.status != SelfAssessment.Status.SUBMITTED:
        raise StudioError(
            _("Someone else has already decided on this self-assessment (it is now %(status)s).")
            % {"status": assessment.get_status_display()},
            code="already_decided",
        )
    return assessment


def _decide(assessment: SelfAssessment, status: str, actor, reason: str = "") -> None:
    """A conditional update: the first decision wins, also where there are no row locks (SQLite)."""
    now = timezone.now()
    changed = SelfAssessment.objects.filter(pk=assessment.pk, status=SelfAssessment.Status.SUBMITTED).update(
        status=status, decided_by=actor, decided_at=now, return_reason=reason
    )
    if not changed:
        raise StudioError(_("Someone else has already decided on this self-assessment."), code="already_decided")
    assessment.status, assessment.decided_by, assessment.decided_at, assessment.return_reason = (
        status, actor, now, reason
    )


def endorse_assessment(assessment_id: int, *, actor) -> SelfAssessment:
    """An admin whose scope holds the studio endorses a submitted assessment for expert review."""
    with transaction.atomic():
        assessment = _lock_for_decision(assessment_id, actor)
        _decide(assessment, SelfAssessment.Status.ENDORSED, actor)
        log(assessment, "studios.assessment.endorsed", user=actor)
    return assessment


def return_assessment(assessment_id: int, *, actor, reason: str) -> SelfAssessment:
    """Return a submitted assessment with a reason the lead reads; they correct it and submit again."""
    reason = (reason or "").strip()
    if not reason:
        raise StudioError(_("Give a reason for returning the self-assessment."), code="reason_required")
    with transaction.atomic():
        assessment = _lock_for_decision(assessment_id, actor)
        _decide(assessment, SelfAssessment.Status.RETURNED, actor, reason[:2000])
        log(assessment, "studios.assessment.returned", user=actor, data={"reason": reason[:2000]})
    return assessment


# --- the expert panel and the rating -----------------------------------------------------------------------------


def rubric_for(standard: Standard) -> Rubric:
    """The expert rubric of a standard version: built once from its criteria (group · label, weight, maximum,
    guidance) and kept on the version, so every panel of that version scores the same criteria."""
    standard = Standard.objects.select_for_update().get(pk=standard.pk)
    if standard.rubric_id is not None:
        return standard.rubric
    rubric = Rubric.objects.create(
        name=(_("%(name)s · version %(version)s") % {"name": standard.name, "version": standard.version})[:120],
        description=standard.note,
    )
    RubricCriterion.objects.bulk_create([
        RubricCriterion(rubric=rubric, label=f"{criterion.group} · {criterion.label}"[:120], weight=criterion.weight,
                        max_score=criterion.max_score, guidance=criterion.guidance, sort_order=order)
        for order, criterion in enumerate(standard.criteria.all())
    ])
    Standard.objects.filter(pk=standard.pk).update(rubric=rubric)
    return rubric


def send_to_panel(assessment_id: int, *, actor, size: int = 3, chair=None) -> SelfAssessment:
    """A province admin seats an expert panel for an endorsed assessment (the lead, the members and experts of the
    studio's organization subtree are never seated). All or nothing: too few experts changes nothing."""
    if not getattr(actor, "manages_whole_province", False):
        raise StudioError(_("Only province administrators send self-assessments to expert panels."),
                          code="forbidden")
    with transaction.atomic():
        assessment = _locked_assessment(assessment_id)
        if assessment.status != SelfAssessment.Status.ENDORSED:
            raise StudioError(_("Only endorsed self-assessments go to an expert panel."), code="not_endorsed")
        rubric = rubric_for(assessment.standard)
        try:
            panel = assign_panel(assessment, purpose=PURPOSE, rubric=rubric, size=size, chair=chair, actor=actor)
        except ExpertError as error:
            raise StudioError(error.message, code=error.code) from error
        assessment.status = SelfAssessment.Status.IN_REVIEW
        assessment.save(update_fields=["status"])
        log(assessment, "studios.assessment.panel_assigned", user=actor, data={"panel": panel.pk, "size": size})
    return assessment


def publish_rating(assessment_id: int, *, result, panel=None) -> StudioRating | None:
    """Rate an assessment under review from its panel's final result and publish the rating onto the studio, once.

    Called by the experts machinery inside the deciding transaction. A second call (a retried hook, a race) finds
    the rating already published and changes nothing: the assessment moves from under review to rated by a
    conditional update, and StudioRating is unique per assessment."""
    if result is None:
        return None
    with transaction.atomic():
        assessment = SelfAssessment.objects.select_related("standard", "studio").filter(pk=assessment_id).first()
        if assessment is None:
            return None
        moved = SelfAssessment.objects.filter(pk=assessment.pk, status=SelfAssessment.Status.IN_REVIEW).update(
            status=SelfAssessment.Status.RATED, panel_result=result
        )
        if not moved:
            return StudioRating.objects.filter(assessment=assessment).first()
        score = Decimal(result)
        rating = assessment.standard.rate(score)
        today = timezone.localdate()
        published = StudioRating.objects.create(
            studio=assessment.studio, assessment=assessment, standard=assessment.standard, rating=rating,
            score=score, rated_on=today, panel=panel,
        )
        Studio.objects.filter(pk=assessment.studio_id).update(rating=rating, rating_score=score, rated_on=today)
        log(assessment, "studios.assessment.rated", user=None, data={"result": str(score), "rating": rating})
        log(assessment.studio, "studios.studio.rated", user=None,
            data={"rating": rating, "score": str(score), "assessment": assessment.pk})
        transaction.on_commit(invalidate_directory)
    return published


# --- reading ------------------------------------------------------------------------------------------------------


def waiting_counts(user) -> dict:
    """For the staff home: submitted assessments to endorse (admins in scope) and endorsed ones to send to a panel
    (province admins); one count query each."""
    counts = {}
    if not getattr(user, "is_authenticated", False) or not user.has_perm("studios.change_selfassessment"):
        return counts
    visible = SelfAssessment.objects.visible_to(user)
    if user.manages_whole_province or user.has_role(Role.ORG_ADMIN):
        counts["to_endorse"] = visible.filter(status=SelfAssessment.Status.SUBMITTED).exclude(
            submitted_by=user).count()
    if user.manages_whole_province:
        counts["to_panel"] = visible.filter(status=SelfAssessment.Status.ENDORSED).count()
    return counts


def lead_candidates(user):
    """People an admin may make lead or member of a studio: the active accounts of their scope."""
    return User.objects.visible_to(user).filter(is_active=True).order_by("real_name", "pk")
