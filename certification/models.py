"""Level records, the requirements per level, assessment rounds and level applications.

The rules this module enforces on single rows:

- A counselor's current level is their highest valid `LevelRecord`. Records are the history of the climb and are
  never deleted; a record entered in error is revoked with a reason instead.
- The requirements of a level are data (`RequirementSet`): every change is a new version with an effective date,
  and the version in force on a day is the one with the latest effective date on or before it (the higher version
  wins a tie). Versions are never edited once an application points at them.
- A `LevelApplication` keeps the requirement version and the evaluator's result it was submitted with
  (`evaluation` is a JSON snapshot), so a later rule change never changes its judgement. One counselor has at most
  one open application per level (a database constraint). Scores are out of 100; each part passes at 60.
- An `AssessmentRound` (批次) groups the accepted applications of one level with its dates and its chair.

Status changes that span rows (submit, endorse, accept, score, publish) live in `certification.services`.
"""

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from cpd.models import EvidenceFile
from cpd.storage import private_storage

PASS_MARK = Decimal("60")


class LevelRecordQuerySet(models.QuerySet):
    def valid(self):
        return self.filter(revoked_at__isnull=True)

    def visible_to(self, user):
        from people.models import User

        return self.filter(holder__in=User.objects.visible_to(user))


class LevelRecord(models.Model):
    class Basis(models.TextChoices):
        RECOGNISED = "recognised", _("Certificate held before joining the platform")
        ASSESSED = "assessed", _("Assessed on the platform")
        APPOINTED = "appointed", _("Appointed")

    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("holder"), on_delete=models.PROTECT, related_name="level_records"
    )
    level = models.ForeignKey("standards.Level", verbose_name=_("level"), on_delete=models.PROTECT)
    obtained_on = models.DateField(_("obtained on"))
    basis = models.CharField(_("basis"), max_length=12, choices=Basis.choices, default=Basis.RECOGNISED)
    certificate_number = models.CharField(_("certificate number"), max_length=60, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revocation_reason = models.CharField(_("revocation reason"), max_length=300, blank=True)

    objects = LevelRecordQuerySet.as_manager()

    class Meta:
        ordering = ["holder", "-obtained_on"]
        verbose_name = _("level record")
        verbose_name_plural = _("level records")
        constraints = [
            models.UniqueConstraint(
                fields=["holder", "level"],
                condition=Q(revoked_at__isnull=True),
                name="certification_one_valid_record_per_level",
            ),
        ]

    def __str__(self):
        return f"{self.holder} · {self.level}"


def current_levels(user_ids) -> dict:
    """Map each user id to their highest valid Level, in one query."""
    records = (
        LevelRecord.objects.valid()
        .filter(holder_id__in=list(user_ids))
        .select_related("level")
        .order_by("holder_id", "-level__rank")
    )
    levels = {}
    for record in records:
        levels.setdefault(record.holder_id, record.level)
    return levels


class RequirementSetQuerySet(models.QuerySet):
    def in_force(self, on=None) -> "RequirementSetQuerySet":
        """The versions already effective on `on` (today by default), newest first per level."""
        on = on or timezone.localdate()
        return self.filter(effective_from__lte=on).order_by("level_id", "-effective_from", "-version")

    def in_force_by_level(self, on=None) -> dict:
        """Map each level id to the version in force on `on`, in one query."""
        sets = {}
        for requirement_set in self.in_force(on).select_related("level"):
            sets.setdefault(requirement_set.level_id, requirement_set)
        return sets


class RequirementSet(models.Model):
    """One version of the requirements for one level: groups of requirements, every group must hold.

    `rules` is {"groups": [{"mode": "all" | "any", "label": "...", "requirements": [{"kind": "...", ...}]}]};
    the kinds and their parameters are defined in certification.requirements (other apps may register more).
    A version is never changed once saved: the requirement editor saves every change as a new version.
    """

    level = models.ForeignKey(
        "standards.Level", verbose_name=_("level"), on_delete=models.PROTECT, related_name="requirement_sets"
    )
    version = models.PositiveIntegerField(_("version"))
    effective_from = models.DateField(_("effective from"), help_text=_("The day this version comes into force."))
    rules = models.JSONField(_("rules"), default=dict)
    note = models.CharField(_("note on the change"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    objects = RequirementSetQuerySet.as_manager()

    class Meta:
        ordering = ["level__rank", "-version"]
        verbose_name = _("requirement version")
        verbose_name_plural = _("requirement versions")
        constraints = [
            models.UniqueConstraint(fields=["level", "version"], name="certification_one_version_number_per_level"),
        ]

    def __str__(self):
        return _("%(level)s, version %(version)s") % {"level": self.level, "version": self.version}

    @property
    def groups(self) -> list:
        return list((self.rules or {}).get("groups", []))

    def get_rules_display(self):
        """The rules in words for the admin's inspect view: one line per group, "all of" or "any one of" its
        requirements (the evaluator imports this module, hence the import here)."""
        from .evaluator import describe

        lines = [
            (label or "—", _("any one of") if mode == "any" else _("all of"), "；".join(labels))
            for label, mode, labels in describe(self)
        ]
        return format_html("<ul>{}</ul>", format_html_join("", "<li><strong>{}</strong>（{}）：{}</li>", lines))

    def get_created_by_display(self):
        return self.created_by or "—"  # the seeded first versions were made by the data migration


class AssessmentRoundQuerySet(models.QuerySet):
    def open_for_applications(self, on=None):
        on = on or timezone.localdate()
        return self.filter(
            status=AssessmentRound.Status.OPEN, applications_open_on__lte=on, applications_close_on__gte=on
        )


class AssessmentRound(models.Model):
    """An assessment round (批次) of one level: the application window, the exam and assessment dates, its chair
    (who resolves divergent panel scores), and an optional publicity period (公示) before results are published."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        ASSESSING = "assessing", _("Assessing")
        PUBLICITY = "publicity", _("Publicity")
        PUBLISHED = "published", _("Results published")

    name = models.CharField(_("name"), max_length=120, help_text=_("For example 2026年第一批四级职业指导师评价."))
    level = models.ForeignKey(
        "standards.Level", verbose_name=_("level"), on_delete=models.PROTECT, related_name="assessment_rounds"
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    applications_open_on = models.DateField(_("applications open on"))
    applications_close_on = models.DateField(_("applications close on"))
    exam_on = models.DateField(_("theory exam on"), null=True, blank=True)
    assessment_on = models.DateField(_("skills assessment on"), null=True, blank=True)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("chair"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="chaired_rounds", help_text=_("Resolves panels whose scores diverge too far."),
    )
    publicity_days = models.PositiveSmallIntegerField(
        _("publicity days"), default=0,
        help_text=_("Days of publicity (公示) before the results are final; 0 publishes them at once."),
    )
    skills_rubric = models.ForeignKey(
        "experts.Rubric", verbose_name=_("skills assessment rubric"), on_delete=models.PROTECT, null=True,
        blank=True, related_name="+", help_text=_("The rubric the skills assessment panels score on."),
    )
    review_rubric = models.ForeignKey(
        "experts.Rubric", verbose_name=_("comprehensive review rubric"), on_delete=models.PROTECT, null=True,
        blank=True, related_name="+", help_text=_("For levels with a comprehensive review (二级, 一级)."),
    )
    panel_size = models.PositiveSmallIntegerField(_("experts per panel"), default=3)
    publicity_starts_on = models.DateField(_("publicity starts on"), null=True, blank=True)
    published_at = models.DateTimeField(_("results published at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    objects = AssessmentRoundQuerySet.as_manager()

    class Meta:
        ordering = ["-applications_open_on", "-pk"]
        verbose_name = _("assessment round")
        verbose_name_plural = _("assessment rounds")
        constraints = [
            models.CheckConstraint(
                condition=Q(applications_close_on__gte=models.F("applications_open_on")),
                name="certification_round_window_order",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def publicity_ends_on(self):
        """The last day of the publicity period (inclusive), as experts.Publicity counts it."""
        if self.publicity_starts_on is None or not self.publicity_days:
            return None
        return self.publicity_starts_on + timedelta(days=self.publicity_days - 1)


class LevelApplicationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The applications of the people `user` may see (their own; admins their scope)."""
        from people.models import User

        return self.filter(applicant__in=User.objects.visible_to(user))

    def open(self):
        return self.filter(status__in=LevelApplication.OPEN_STATUSES)


class LevelApplication(models.Model):
    """A counselor's application for the next level, from draft to passed or failed.

    draft → submitted → endorsed (by an admin of their organization) → accepted (into a round by a province admin)
    → assessing → passed | failed; a submitted application may be returned with a reason (the counselor corrects and
    resubmits it) and the counselor may withdraw it before it is accepted.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned")
        ENDORSED = "endorsed", _("Endorsed")
        ACCEPTED = "accepted", _("Accepted into a round")
        ASSESSING = "assessing", _("Being assessed")
        PASSED = "passed", _("Passed")
        FAILED = "failed", _("Failed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    OPEN_STATUSES = ("draft", "submitted", "returned", "endorsed", "accepted", "assessing")
    SCORE_PARTS = ("theory", "skills", "review")

    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("applicant"), on_delete=models.PROTECT,
        related_name="level_applications",
    )
    level = models.ForeignKey(
        "standards.Level", verbose_name=_("level"), on_delete=models.PROTECT, related_name="applications"
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    requirement_set = models.ForeignKey(
        RequirementSet, verbose_name=_("requirement version"), on_delete=models.PROTECT, related_name="applications",
        help_text=_("The version the application is judged by: the one in force when it was submitted."),
    )
    evaluation = models.JSONField(_("evaluation when submitted"), default=dict, blank=True)
    profile = models.JSONField(
        _("profile facts confirmed"), default=dict, blank=True,
        help_text=_("The profile facts the rules read, as the applicant confirmed them."),
    )
    statement = models.TextField(_("statement"), blank=True)
    round = models.ForeignKey(
        AssessmentRound, verbose_name=_("round"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="applications",
    )
    theory_score = models.DecimalField(_("theory exam score"), max_digits=5, decimal_places=2, null=True, blank=True)
    skills_score = models.DecimalField(
        _("skills assessment score"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    review_score = models.DecimalField(
        _("comprehensive review score"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("endorsed or returned by"), on_delete=models.PROTECT, null=True,
        blank=True, related_name="+",
    )
    decided_at = models.DateTimeField(_("endorsed or returned at"), null=True, blank=True)
    decision_reason = models.TextField(_("reason for returning"), blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("accepted by"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    result_published_at = models.DateTimeField(_("result published at"), null=True, blank=True)
    reapply_from = models.DateField(
        _("may apply again from"), null=True, blank=True,
        help_text=_("After a failed assessment: the first day a new application for this level is accepted."),
    )
    level_record = models.OneToOneField(
        LevelRecord, verbose_name=_("level record"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="application",
    )
    certificate = models.OneToOneField(
        "cpd.Certificate", verbose_name=_("level certificate"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="level_application",
    )

    objects = LevelApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("level application")
        verbose_name_plural = _("level applications")
        indexes = [models.Index(fields=["status", "submitted_at"], name="certification_app_status")]
        constraints = [
            models.UniqueConstraint(
                fields=["applicant", "level"],
                condition=Q(status__in=["draft", "submitted", "returned", "endorsed", "accepted", "assessing"]),
                name="certification_one_open_application_per_level",
            ),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{part}_score__isnull": True})
                    | Q(**{f"{part}_score__gte": 0, f"{part}_score__lte": 100}),
                    name=f"certification_{part}_score_0_to_100",
                )
                for part in ("theory", "skills", "review")
            ],
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(decision_reason=""), name="certification_reason_for_return"
            ),
        ]

    def __str__(self):
        return f"{self.applicant} · {self.level}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    def score(self, part: str):
        return getattr(self, f"{part}_score")


class ApplicationEvidence(EvidenceFile):
    """One evidence file of an application (prior certificate, proof of employment), in private storage; served
    only through a permission-checked view. Checked by content like CPD claim evidence (cpd.evidence)."""

    class Kind(models.TextChoices):
        PRIOR_CERTIFICATE = "certificate", _("Prior level certificate")
        EMPLOYMENT = "employment", _("Proof of employment")
        EDUCATION = "education", _("Proof of education")
        OTHER = "other", _("Other")

    application = models.ForeignKey(
        LevelApplication, verbose_name=_("application"), on_delete=models.CASCADE, related_name="evidence"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.OTHER)
    file = models.FileField(_("file"), upload_to="level-evidence/", storage=private_storage, max_length=200)

    class Meta(EvidenceFile.Meta):
        verbose_name = _("application evidence file")
        verbose_name_plural = _("application evidence files")


class ApplicationNotice(models.Model):
    """One notice sent to an applicant about one step of their application. The unique key is claimed in the same
    transaction as the sending, so a task that runs twice or is retried sends it once."""

    application = models.ForeignKey(
        LevelApplication, verbose_name=_("application"), on_delete=models.CASCADE, related_name="notices"
    )
    kind = models.CharField(_("kind"), max_length=20)
    key = models.CharField(_("key"), max_length=120, unique=True)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("application notice")
        verbose_name_plural = _("application notices")

    def __str__(self):
        return self.key
