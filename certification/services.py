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
"""

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from .models import LevelApplication


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
