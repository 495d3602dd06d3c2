"""Level applications and assessment rounds: every status change, in one transaction, audited.

The interface for the apps around certification:

    from certification.services import CertificationError, accepted_applications, record_assessment_score

    record_assessment_score(application.pk, part="theory", score=Decimal("78.5"), source="exam:12:attempt:34")
    accepted_applications(round)     # the applications admitted to a round (who may sit its exam)

`record_assessment_score` is idempotent per (application, part): the first score recorded for a part stands, a
repeated call (a retried task, a second submit) returns the application unchanged. Parts are "theory" (the level
exam, from exams), "skills" and "review" (panel results, from experts through the subject adapter). Scores are out
of 100 with at most two decimals. Errors are `CertificationError` with a `code`; audit actions are
"certification.*" (registered in wagtail_hooks).

Applications, for counselors and admins (views and admin screens are thin callers of these):

    submit_application(user, statement="...", profile_confirmed=True, files=[(upload, kind), ...])
    resubmit_application(application_id, user, statement="...", files=[...])   # a returned application
    withdraw_application(application_id, user)
    endorse_application(application_id, actor=org_admin)                # first decision wins, never one's own
    return_application(application_id, actor=org_admin, reason="...")
    open_round(round_id, actor=province_admin)
    accept_into_round(application_ids, round_id, actor=province_admin)  # -> {"accepted": n, "skipped": m}
    assign_panels(round_id, actor=province_admin)                       # experts.services.assign_panel per applicant
    start_publicity(round_id, actor=province_admin)                     # 公示, when the round has publicity days
    publish_results(round_id, actor=province_admin)                     # idempotent: once per pass

The rules: a counselor applies only for their next level (certification.ladder), only when the evaluator finds them
eligible under the version in force, never with another application for that level open, and not before the
`reapply_from` day a failed assessment set (REAPPLY_AFTER_DAYS after its publication). An admin whose scope holds
the applicant (organization or province) endorses or returns, never their own; the first decision wins under a row
lock and a conditional update. A province admin accepts endorsed applications of the round's level. Publishing
judges each admitted application by the assessment requirements of its own snapshot: a pass creates the level
record (basis assessed) and the level certificate (cpd.services.issue_certificate, source
"level-application:<id>") exactly once. Each step notifies the applicant once (certification.notifications).
"""

from datetime import timedelta
from decimal import Decimal, InvalidOperation
from uuid import uuid4

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from cpd.evidence import EvidenceError, check_evidence
from people.models import Role

from .evaluator import evaluate
from .ladder import next_level
from .models import PASS_MARK, ApplicationEvidence, AssessmentRound, LevelApplication, LevelRecord

REAPPLY_AFTER_DAYS = 180


class CertificationError(Exception):
    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


def clean_score(score) -> Decimal:
    try:
        value = Decimal(str(score))
    except (InvalidOperation, ValueError, TypeError):
        value = None
    if value is None or not value.is_finite() or value < 0 or value > 100 or value != value.quantize(
        Decimal("0.01")
    ):
        raise CertificationError(_("A score is a number from 0 to 100 with at most two decimals."),
                                 code="invalid_score")
    return value


def accepted_applications(round):
    """The applications admitted to `round` (accepted or being assessed, or already decided in it)."""
    return LevelApplication.objects.filter(
        round=round,
        status__in=[
            LevelApplication.Status.ACCEPTED, LevelApplication.Status.ASSESSING,
            LevelApplication.Status.PASSED, LevelApplication.Status.FAILED,
        ],
    )


def record_assessment_score(application_id: int, *, part: str, score, source: str, actor=None) -> LevelApplication:
    """Write one part's score (theory, skills or review) to an accepted application, once; audited."""
    if part not in LevelApplication.SCORE_PARTS:
        raise CertificationError(_("This part of the assessment does not exist."), code="invalid_part")
    value = clean_score(score)
    with transaction.atomic():
        application = LevelApplication.objects.select_for_update().filter(pk=application_id).first()
        if application is None:
            raise CertificationError(_("This application does not exist."), code="not_found")
        if application.score(part) is not None:
            return application
        if application.status not in (LevelApplication.Status.ACCEPTED, LevelApplication.Status.ASSESSING):
            raise CertificationError(
                _("Scores are recorded only for applications accepted into a round."), code="not_accepted"
            )
        field = f"{part}_score"
        changed = LevelApplication.objects.filter(pk=application.pk, **{f"{field}__isnull": True}).update(
            **{field: value}, status=LevelApplication.Status.ASSESSING
        )
        if not changed:  # recorded at the same moment elsewhere (no row locks on SQLite)
            application.refresh_from_db()
            return application
        setattr(application, field, value)
        application.status = LevelApplication.Status.ASSESSING
        log(application, "certification.application.scored", user=actor,
            data={"part": part, "score": str(value), "source": source, "at": timezone.now().isoformat()})
    return application


def _notify(application_id: int, kind: str) -> None:
    from .tasks import send_notice

    transaction.on_commit(lambda: send_notice.delay(application_id, kind))


def _may_decide(actor) -> bool:
    return actor.manages_whole_province or actor.has_role(Role.ORG_ADMIN)


def _checked_evidence(files, existing: int = 0) -> list:
    """[(upload, kind, content_type, extension)], checked by content like CPD claim evidence."""
    files = [(upload, kind) for upload, kind in (files or []) if upload]
    kinds = set(ApplicationEvidence.Kind.values)
    try:
        checked = check_evidence([upload for upload, _kind in files], existing=existing)
    except EvidenceError as error:
        raise CertificationError(error.message, code=error.code) from error
    return [
        (upload, kind if kind in kinds else ApplicationEvidence.Kind.OTHER, content_type, extension)
        for (upload, kind), (_upload, content_type, extension) in zip(files, checked, strict=True)
    ]


def _store_evidence(application: LevelApplication, checked: list) -> None:
    for upload, kind, content_type, extension in checked:
        upload.seek(0)
        evidence = ApplicationEvidence(
            application=application, kind=kind, content_type=content_type, size=upload.size,
            original_name=(getattr(upload, "name", "") or f"evidence.{extension}")[-200:],
        )
        evidence.file.save(f"{uuid4().hex}.{extension}", upload, save=False)  # never the uploaded name
        evidence.save()


def profile_facts(user) -> dict:
    """The profile facts the rules read, as they stand (the applicant confirms them when applying)."""
    return {
        "real_name": user.real_name,
        "organization": str(user.organization) if user.organization_id else "",
        "practising_since": user.practising_since.isoformat() if user.practising_since else None,
        "education": user.education or "",
        "post": user.post,
    }


def _judge_for_submission(user, level):
    evaluation = evaluate(user, level)
    if evaluation.requirement_set is None:
        raise CertificationError(_("The requirements of this level are not yet published."), code="no_requirements")
    if not evaluation.eligible:
        unmet = evaluation.first_unmet
        raise CertificationError(
            _("You do not yet meet the requirements: %(requirement)s.") % {"requirement": unmet.label if unmet else ""},
            code="not_eligible",
        )
    return evaluation


def submit_application(user, *, statement: str = "", profile_confirmed: bool = False, files=()) -> LevelApplication:
    """A counselor applies for their next level; the version in force and the evaluation are snapshotted."""
    if not profile_confirmed:
        raise CertificationError(_("Confirm that your profile facts are correct."), code="profile_unconfirmed")
    level = next_level(user)
    if level is None:
        raise CertificationError(
            _("You hold the highest level; the chief counselor title is appointed, not applied for."), code="top"
        )
    checked = _checked_evidence(files)
    today = timezone.localdate()
    blocked = (
        LevelApplication.objects.filter(applicant=user, level=level, reapply_from__gt=today)
        .order_by("-reapply_from").first()
    )
    if blocked is not None:
        raise CertificationError(
            _("After the last assessment you may apply again from %(date)s.") % {"date": blocked.reapply_from},
            code="too_soon",
        )
    evaluation = _judge_for_submission(user, level)
    with transaction.atomic():
        application = LevelApplication(
            applicant=user, level=level, status=LevelApplication.Status.SUBMITTED,
            requirement_set=evaluation.requirement_set, evaluation=evaluation.as_snapshot(),
            profile=profile_facts(user), statement=(statement or "").strip()[:4000], submitted_at=timezone.now(),
        )
        try:
            with transaction.atomic():
                application.save()
        except IntegrityError as error:
            raise CertificationError(
                _("You already have an open application for this level."), code="already_applied"
            ) from error
        _store_evidence(application, checked)
        log(application, "certification.application.submitted", user=user,
            data={"level": level.code, "version": evaluation.requirement_set.version})
        _notify(application.pk, "submitted")
    return application


def resubmit_application(application_id: int, user, *, statement: str = "", files=()) -> LevelApplication:
    """The applicant corrects a returned application and submits it again (judged anew, by the version in force)."""
    with transaction.atomic():
        application = (
            LevelApplication.objects.select_for_update().filter(pk=application_id, applicant=user).first()
        )
        if application is None:
            raise CertificationError(_("This application does not exist."), code="not_found")
        if application.status != LevelApplication.Status.RETURNED:
            raise CertificationError(_("Only a returned application can be resubmitted."), code="not_returned")
        checked = _checked_evidence(files, existing=application.evidence.count())
        evaluation = _judge_for_submission(user, application.level)
        application.status = LevelApplication.Status.SUBMITTED
        application.requirement_set = evaluation.requirement_set
        application.evaluation = evaluation.as_snapshot()
        application.profile = profile_facts(user)
        application.statement = (statement or "").strip()[:4000] or application.statement
        application.submitted_at = timezone.now()
        application.decided_by, application.decided_at, application.decision_reason = None, None, ""
        application.save()
        _store_evidence(application, checked)
        log(application, "certification.application.submitted", user=user,
            data={"level": application.level.code, "resubmitted": True})
        _notify(application.pk, f"submitted:{application.submitted_at.timestamp():.0f}")
    return application


def withdraw_application(application_id: int, user) -> LevelApplication:
    """The applicant withdraws an application that no round has accepted yet."""
    with transaction.atomic():
        changed = LevelApplication.objects.filter(
            pk=application_id, applicant=user,
            status__in=[LevelApplication.Status.DRAFT, LevelApplication.Status.SUBMITTED,
                        LevelApplication.Status.RETURNED, LevelApplication.Status.ENDORSED],
        ).update(status=LevelApplication.Status.WITHDRAWN)
        if not changed:
            raise CertificationError(
                _("This application cannot be withdrawn (it does not exist or a round has accepted it)."),
                code="not_withdrawable",
            )
        application = LevelApplication.objects.get(pk=application_id)
        log(application, "certification.application.withdrawn", user=user)
    return application


def _lock_for_decision(application_id: int, actor) -> LevelApplication:
    application = (
        LevelApplication.objects.visible_to(actor).select_for_update(of=("self",)).filter(pk=application_id).first()
        if _may_decide(actor) else None
    )
    if application is None:
        raise CertificationError(
            _("This application does not exist or is outside your organization."), code="not_found"
        )
    if application.applicant_id == actor.pk:
        raise CertificationError(_("You cannot decide on your own application; another admin must."),
                                 code="own_application")
    if application.status != LevelApplication.Status.SUBMITTED:
        raise CertificationError(
            _("Someone else has already decided on this application (it is now %(status)s).")
            % {"status": application.get_status_display()},
            code="already_decided",
        )
    return application


def _decide(application: LevelApplication, status: str, actor, reason: str = "") -> None:
    """A conditional update: the first decision wins, also where there are no row locks (SQLite)."""
    now = timezone.now()
    changed = LevelApplication.objects.filter(pk=application.pk, status=LevelApplication.Status.SUBMITTED).update(
        status=status, decided_by=actor, decided_at=now, decision_reason=reason
    )
    if not changed:
        raise CertificationError(_("Someone else has already decided on this application."), code="already_decided")
    application.status, application.decided_by, application.decided_at = status, actor, now
    application.decision_reason = reason


def endorse_application(application_id: int, *, actor) -> LevelApplication:
    """An admin of the applicant's organization (or the province) endorses a submitted application."""
    with transaction.atomic():
        application = _lock_for_decision(application_id, actor)
        _decide(application, LevelApplication.Status.ENDORSED, actor)
        log(application, "certification.application.endorsed", user=actor)
        _notify(application.pk, "endorsed")
    return application


def return_application(application_id: int, *, actor, reason: str) -> LevelApplication:
    """Return a submitted application to the applicant with a reason they read; they may correct and resubmit."""
    reason = (reason or "").strip()
    if not reason:
        raise CertificationError(_("Give a reason for returning the application."), code="reason_required")
    with transaction.atomic():
        application = _lock_for_decision(application_id, actor)
        _decide(application, LevelApplication.Status.RETURNED, actor, reason[:2000])
        log(application, "certification.application.returned", user=actor, data={"reason": reason[:2000]})
        _notify(application.pk, f"returned:{application.decided_at.timestamp():.0f}")
    return application


def _province_admin(actor) -> None:
    if not actor.manages_whole_province:
        raise CertificationError(_("Only province admins manage assessment rounds."), code="forbidden")


def _locked_round(round_id: int) -> AssessmentRound:
    assessment_round = AssessmentRound.objects.select_for_update().filter(pk=round_id).first()
    if assessment_round is None:
        raise CertificationError(_("This round does not exist."), code="not_found")
    return assessment_round


_RUNNING = (AssessmentRound.Status.OPEN, AssessmentRound.Status.ASSESSING)


def open_round(round_id: int, *, actor) -> AssessmentRound:
    """Open a draft round: from now on endorsed applications of its level may be accepted into it."""
    _province_admin(actor)
    with transaction.atomic():
        assessment_round = _locked_round(round_id)
        if assessment_round.status != AssessmentRound.Status.DRAFT:
            raise CertificationError(_("Only a draft round can be opened."), code="not_draft")
        assessment_round.status = AssessmentRound.Status.OPEN
        assessment_round.save(update_fields=["status"])
        log(assessment_round, "certification.round.opened", user=actor)
    return assessment_round


def accept_into_round(application_ids, round_id: int, *, actor) -> dict:
    """Accept endorsed applications of the round's level into an open round; the others are skipped."""
    _province_admin(actor)
    counts = {"accepted": 0, "skipped": 0}
    with transaction.atomic():
        assessment_round = _locked_round(round_id)
        if assessment_round.status not in (AssessmentRound.Status.OPEN, AssessmentRound.Status.ASSESSING):
            raise CertificationError(_("Applications are accepted only into an open round."), code="round_closed")
        now = timezone.now()
        for application_id in dict.fromkeys(application_ids):
            changed = LevelApplication.objects.filter(
                pk=application_id, status=LevelApplication.Status.ENDORSED, level_id=assessment_round.level_id
            ).exclude(applicant=actor).update(
                status=LevelApplication.Status.ACCEPTED, round=assessment_round, accepted_by=actor, accepted_at=now
            )
            if not changed:
                counts["skipped"] += 1
                continue
            counts["accepted"] += 1
            application = LevelApplication.objects.get(pk=application_id)
            log(application, "certification.application.accepted", user=actor,
                data={"round": assessment_round.pk, "round_name": assessment_round.name})
            _notify(application.pk, "accepted")
    return counts


def panel_purposes(level) -> list[str]:
    """The panels an application of `level` needs: the skills assessment, and the comprehensive review where the
    level requires one."""
    purposes = ["certification.skills"]
    if level.requires_comprehensive_review:
        purposes.append("certification.review")
    return purposes


def assign_panels(round_id: int, *, actor) -> int:
    """Seat a panel (experts.services.assign_panel) for every admitted application of the round and each purpose
    it needs; panels already seated are left as they are. The round moves to assessing. Returns panels created."""
    from experts.models import Panel
    from experts.services import ExpertError, assign_panel

    _province_admin(actor)
    with transaction.atomic():
        assessment_round = _locked_round(round_id)
        if assessment_round.status not in (AssessmentRound.Status.OPEN, AssessmentRound.Status.ASSESSING):
            raise CertificationError(_("Panels are assigned only in an open round."), code="round_closed")
        purposes = panel_purposes(assessment_round.level)
        rubrics = {"certification.skills": assessment_round.skills_rubric,
                   "certification.review": assessment_round.review_rubric}
        if any(rubrics[purpose] is None for purpose in purposes):
            raise CertificationError(_("Choose the round's rubrics before assigning panels."), code="rubric_required")
        applications = list(
            accepted_applications(assessment_round).filter(
                status__in=[LevelApplication.Status.ACCEPTED, LevelApplication.Status.ASSESSING]
            ).select_related("applicant__organization", "level")
        )
        existing = set(
            Panel.objects.filter(
                content_type__app_label="certification", content_type__model="levelapplication",
                object_id__in=[a.pk for a in applications],
            ).values_list("object_id", "purpose")
        )
        created = 0
        for application in applications:
            for purpose in purposes:
                if (application.pk, purpose) in existing:
                    continue
                try:
                    assign_panel(application, purpose=purpose, rubric=rubrics[purpose],
                                 size=assessment_round.panel_size, chair=assessment_round.chair, actor=actor)
                except ExpertError as error:
                    raise CertificationError(error.message, code=error.code) from error
                created += 1
        if assessment_round.status == AssessmentRound.Status.OPEN:
            assessment_round.status = AssessmentRound.Status.ASSESSING
            assessment_round.save(update_fields=["status"])
        log(assessment_round, "certification.round.panels_assigned", user=actor, data={"panels": created})
    return created


def assessment_outcome(application: LevelApplication) -> bool | None:
    """Passed (True), failed (False) or not yet complete (None), by the assessment requirements of the
    application's own snapshot (a later rule change never alters it); the pass mark defaults to 60."""
    specs = [
        result["spec"] for group in (application.evaluation or {}).get("groups", [])
        for result in group.get("results", []) if result.get("stage") == "assessment"
    ]
    if not specs:
        specs = [{"part": part, "pass": str(PASS_MARK)} for part in panel_parts(application.level)]
    passed = True
    for spec in specs:
        score = application.score(spec.get("part"))
        if score is None:
            return None
        passed = passed and score >= Decimal(str(spec.get("pass", PASS_MARK)))
    return passed


def panel_parts(level) -> list[str]:
    return ["theory", "skills", *(["review"] if level.requires_comprehensive_review else [])]


def _incomplete(assessment_round) -> int:
    applications = accepted_applications(assessment_round).filter(
        status__in=[LevelApplication.Status.ACCEPTED, LevelApplication.Status.ASSESSING]
    ).select_related("level")
    return sum(assessment_outcome(application) is None for application in applications)


def start_publicity(round_id: int, *, actor) -> AssessmentRound:
    """Put a round's results up for publicity (公示) for its publicity days, once every score is in."""
    from experts.services import open_publicity

    _province_admin(actor)
    with transaction.atomic():
        assessment_round = _locked_round(round_id)
        if assessment_round.status == AssessmentRound.Status.PUBLICITY:
            return assessment_round
        if assessment_round.status not in _RUNNING or not assessment_round.publicity_days:
            raise CertificationError(_("This round has no publicity period to start."), code="no_publicity")
        missing = _incomplete(assessment_round)
        if missing:
            raise CertificationError(
                _("%(count)s applications still lack scores.") % {"count": missing}, code="scores_missing"
            )
        assessment_round.status = AssessmentRound.Status.PUBLICITY
        assessment_round.publicity_starts_on = timezone.localdate()
        assessment_round.save(update_fields=["status", "publicity_starts_on"])
        open_publicity(assessment_round, days=assessment_round.publicity_days, actor=actor)
        log(assessment_round, "certification.round.publicity", user=actor,
            data={"days": assessment_round.publicity_days})
    return assessment_round


def _award(application: LevelApplication, actor, today) -> None:
    """Level record and certificate for a pass, each exactly once (database constraints decide under races)."""
    from cpd.models import Certificate
    from cpd.services import issue_certificate

    record = LevelRecord.objects.valid().filter(holder_id=application.applicant_id, level=application.level).first()
    if record is None:
        try:
            with transaction.atomic():
                record = LevelRecord.objects.create(
                    holder_id=application.applicant_id, level=application.level, obtained_on=today,
                    basis=LevelRecord.Basis.ASSESSED,
                    certificate_number=f"SD-{application.level.code}-{application.pk:06d}",
                )
        except IntegrityError:
            record = LevelRecord.objects.valid().get(holder_id=application.applicant_id, level=application.level)
    certificate = issue_certificate(
        application.applicant, kind=Certificate.Kind.LEVEL, title=application.level.name_zh,
        issuer=_("Shandong Provincial Department of Human Resources and Social Security"), issued_on=today,
        source_ref=f"level-application:{application.pk}", issued_by=actor,
    )
    LevelApplication.objects.filter(pk=application.pk).update(level_record=record, certificate=certificate)


def publish_results(round_id: int, *, actor) -> dict:
    """Publish a round's results: each admitted application passes or fails by its snapshot's assessment rules;
    a pass gets its level record and certificate. Publishing again (twice at once, or a retried task) changes
    nothing: the round row is locked, applications move by a conditional update, records and certificates are
    unique. Returns {"passed": n, "failed": m}."""
    _province_admin(actor)
    counts = {"passed": 0, "failed": 0}
    with transaction.atomic():
        assessment_round = _locked_round(round_id)
        if assessment_round.status == AssessmentRound.Status.PUBLISHED:
            return counts
        if assessment_round.status == AssessmentRound.Status.PUBLICITY:
            ends_on = assessment_round.publicity_ends_on
            if ends_on and timezone.localdate() <= ends_on:
                raise CertificationError(
                    _("The publicity period runs until %(date)s.") % {"date": ends_on}, code="publicity_running"
                )
            if _open_objections(assessment_round):
                raise CertificationError(_("Resolve the open objections first."), code="objections_open")
        elif assessment_round.status not in _RUNNING or assessment_round.publicity_days:
            raise CertificationError(
                _("Results can be published once the round is assessed (and its publicity is over)."),
                code="not_ready",
            )
        if _incomplete(assessment_round):
            raise CertificationError(
                _("%(count)s applications still lack scores.") % {"count": _incomplete(assessment_round)},
                code="scores_missing",
            )
        now = timezone.now()
        today = timezone.localdate(now)
        applications = accepted_applications(assessment_round).filter(
            status__in=[LevelApplication.Status.ACCEPTED, LevelApplication.Status.ASSESSING]
        ).select_related("level", "applicant")
        for application in applications:
            passed = assessment_outcome(application)
            status = LevelApplication.Status.PASSED if passed else LevelApplication.Status.FAILED
            reapply_from = None if passed else today + timedelta(days=REAPPLY_AFTER_DAYS)
            changed = LevelApplication.objects.filter(
                pk=application.pk, status__in=[LevelApplication.Status.ACCEPTED, LevelApplication.Status.ASSESSING]
            ).update(status=status, result_published_at=now, reapply_from=reapply_from)
            if not changed:
                continue
            if passed:
                _award(application, actor, today)
            counts["passed" if passed else "failed"] += 1
            log(application, f"certification.application.{status}", user=actor, data={"round": assessment_round.pk})
            _notify(application.pk, status)
        AssessmentRound.objects.filter(pk=assessment_round.pk).update(
            status=AssessmentRound.Status.PUBLISHED, published_at=now
        )
        log(assessment_round, "certification.round.published", user=actor, data=counts)
    return counts


def _open_objections(assessment_round) -> bool:
    from experts.models import Objection, Publicity

    publicity = Publicity.objects.for_subject(assessment_round)
    return Objection.objects.filter(publicity__in=publicity, status=Objection.Status.OPEN).exists()


def applications_for_queue(user, *, status: str = ""):
    """The application queue of an admin: their scope, newest submissions first, optionally one status."""
    applications = LevelApplication.objects.visible_to(user).exclude(status=LevelApplication.Status.DRAFT)
    if status in LevelApplication.Status.values:
        applications = applications.filter(status=status)
    return applications.select_related("applicant__organization", "level", "round").order_by(
        "-submitted_at", "-pk"
    )

