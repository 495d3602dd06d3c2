"""The learning record: an append-only ledger of credit entries (学时) and the CPD periods they are counted in.

The rule this module enforces: a credit entry, once written, is never changed or deleted, in the admin or anywhere;
a correction is a new entry that reverses the old one (negative hours, a reason, an actor). The database holds one
entry per (counselor, source), so the same completion can never be credited twice. Entries are written only through
`cpd.services`; what a manager may read is `CreditEntry.objects.visible_to(user)`, the people scope.
"""

import datetime
import secrets
from decimal import Decimal

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .storage import private_storage

ZERO = Decimal("0.0")


class LedgerError(Exception):
    """Raised when code tries to change or delete a ledger row."""


class CPDPeriod(models.Model):
    """A CPD period (default: a calendar year) with its target of 学时 and the professional share it asks for."""

    name = models.CharField(_("name"), max_length=60, help_text=_("For example 2026年度."))
    starts_on = models.DateField(_("starts on"), unique=True)
    ends_on = models.DateField(_("ends on"), help_text=_("The last day of the period."))
    target_hours = models.DecimalField(
        _("target hours"), max_digits=6, decimal_places=1, default=Decimal("90.0"),
        help_text=_("Training hours (学时) a counselor should complete in the period; the national default is 90."),
    )
    min_professional_share = models.DecimalField(
        _("minimum professional share"), max_digits=4, decimal_places=3, default=Decimal("0.667"),
        help_text=_("The share of the target that must be professional subjects (专业科目); 0.667 means two thirds."),
    )

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("CPD period")
        verbose_name_plural = _("CPD periods")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gt=models.F("starts_on")), name="cpd_period_ends_after_start"),
            models.CheckConstraint(
                condition=Q(min_professional_share__gte=0, min_professional_share__lte=1),
                name="cpd_period_share_between_0_and_1",
            ),
            models.CheckConstraint(condition=Q(target_hours__gt=0), name="cpd_period_target_positive"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.starts_on and self.ends_on:
            if self.ends_on <= self.starts_on:
                raise ValidationError({"ends_on": _("The period must end after it starts.")})
            overlapping = CPDPeriod.objects.filter(starts_on__lte=self.ends_on, ends_on__gte=self.starts_on)
            if self.pk:
                overlapping = overlapping.exclude(pk=self.pk)
            other = overlapping.first()
            if other is not None:
                raise ValidationError(
                    _("This period overlaps %(period)s (%(start)s – %(end)s).")
                    % {"period": other.name, "start": other.starts_on, "end": other.ends_on}
                )

    @admin.display(description=_("minimum professional share"), ordering="min_professional_share")
    def professional_share_percent(self) -> str:
        """The share as people read it: 66.7% rather than 0.667."""
        return f"{(self.min_professional_share * 100).quantize(Decimal('0.1')).normalize():f}%"

    @property
    def required_professional_hours(self) -> Decimal:
        return (self.target_hours * self.min_professional_share).quantize(Decimal("0.1"))

    @classmethod
    def current(cls, today: datetime.date | None = None) -> "CPDPeriod":
        """The period containing today; if there is none, the calendar year is created with the defaults (cut
        short where it would overlap a neighbouring period)."""
        today = today or timezone.localdate()
        period = cls.objects.filter(starts_on__lte=today, ends_on__gte=today).first()
        if period is not None:
            return period
        starts_on, ends_on = datetime.date(today.year, 1, 1), datetime.date(today.year, 12, 31)
        before = cls.objects.filter(ends_on__lt=today, ends_on__gte=starts_on).order_by("-ends_on").first()
        after = cls.objects.filter(starts_on__gt=today, starts_on__lte=ends_on).order_by("starts_on").first()
        if before is not None:
            starts_on = before.ends_on + datetime.timedelta(days=1)
        if after is not None:
            ends_on = after.starts_on - datetime.timedelta(days=1)
        if ends_on <= starts_on:  # a one-day gap: stretch it forward to the end of the year
            ends_on = starts_on + datetime.timedelta(days=1)
        try:
            with transaction.atomic():
                name = gettext("CPD year %(year)s") % {"year": today.year}
                return cls.objects.create(name=name, starts_on=starts_on, ends_on=ends_on)
        except IntegrityError:  # another request created it at the same moment
            return cls.objects.get(starts_on=starts_on)


class CreditEntryQuerySet(models.QuerySet):
    """Ledger rows: scoped reading and totals; bulk updates and deletes are refused (the ledger is append-only)."""

    def visible_to(self, user) -> "CreditEntryQuerySet":
        """The entries of the people `user` may see (see people.models.UserQuerySet.visible_to)."""
        from people.models import person_scope

        scope = person_scope(user, "counselor")
        return self.all() if scope is None else self.filter(scope)

    def in_period(self, period: CPDPeriod) -> "CreditEntryQuerySet":
        return self.filter(occurred_on__gte=period.starts_on, occurred_on__lte=period.ends_on)

    def totals(self) -> dict:
        """Total, professional and public hours in one query (reversals included, so they net out)."""
        return self.aggregate(
            total=Coalesce(Sum("hours"), ZERO),
            professional=Coalesce(Sum("hours", filter=Q(category=CreditEntry.Category.PROFESSIONAL)), ZERO),
            public=Coalesce(Sum("hours", filter=Q(category=CreditEntry.Category.PUBLIC)), ZERO),
        )

    def update(self, **kwargs):
        raise LedgerError("Credit entries are append-only: they cannot be updated; write a reversal instead.")

    def bulk_update(self, objs, fields, batch_size=None):
        raise LedgerError("Credit entries are append-only: they cannot be updated; write a reversal instead.")

    def delete(self):
        raise LedgerError("Credit entries are append-only: they cannot be deleted; write a reversal instead.")

    delete.alters_data = True
    delete.queryset_only = True


class CreditEntry(models.Model):
    """One credit of 学时 for one achievement of one counselor; unique per source, never edited, reversed instead."""

    class Category(models.TextChoices):
        PROFESSIONAL = "professional", _("Professional subjects")
        PUBLIC = "public", _("Public subjects")

    class Kind(models.TextChoices):
        COURSE = "course", _("Course")
        EXAM = "exam", _("Exam")
        WORKSHOP = "workshop", _("Workshop")
        PRACTICUM = "practicum", _("Practicum")
        COMPETITION = "competition", _("Competition")
        EXTERNAL = "external", _("External activity")
        ADJUSTMENT = "adjustment", _("Adjustment")

    counselor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("counselor"), on_delete=models.PROTECT, related_name="credit_entries"
    )
    hours = models.DecimalField(
        _("hours"), max_digits=6, decimal_places=1, help_text=_("Training hours (学时); negative only for a reversal.")
    )
    category = models.CharField(_("category"), max_length=12, choices=Category.choices)
    topic = models.ForeignKey(
        "standards.Topic", verbose_name=_("topic"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    level = models.ForeignKey(
        "standards.Level", verbose_name=_("level"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    source_ref = models.CharField(
        _("source"), max_length=120, help_text=_("What earned the credit, for example course:12:enrollment:34.")
    )
    title = models.CharField(_("title"), max_length=200, help_text=_("The title of the source when it was credited."))
    occurred_on = models.DateField(_("date"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reverses = models.OneToOneField(
        "self",
        verbose_name=_("reverses"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversed_by",
    )
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)

    objects = CreditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        verbose_name = _("credit entry")
        verbose_name_plural = _("credit entries")
        indexes = [
            # covering: per-counselor sums of a period read the index only (the compliance report, the evaluator)
            models.Index(fields=["counselor", "occurred_on"], include=["hours", "category"],
                         name="cpd_entry_counselor_period"),
            models.Index(fields=["kind", "occurred_on"], name="cpd_entry_kind_date"),
            # the ledger listing's order: page 1 walks this index instead of sorting every entry in scope
            models.Index(fields=["-occurred_on", "-id"], name="cpd_entry_recent"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["counselor", "source_ref"], name="cpd_entry_one_per_source"),
            models.CheckConstraint(
                condition=Q(reverses__isnull=True, hours__gt=0) | Q(reverses__isnull=False, hours__lt=0),
                name="cpd_entry_hours_sign",
            ),
            models.CheckConstraint(
                condition=(Q(reverses__isnull=True) & ~Q(kind="adjustment")) | ~Q(reason=""),
                name="cpd_entry_reason_for_corrections",
            ),
            models.CheckConstraint(condition=~Q(source_ref=""), name="cpd_entry_source_not_empty"),
        ]

    def __str__(self):
        return f"{self.counselor} · {self.title} · {self.hours}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise LedgerError("Credit entries are append-only: they cannot be changed; write a reversal instead.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise LedgerError("Credit entries are append-only: they cannot be deleted; write a reversal instead.")

    @property
    def is_reversal(self) -> bool:
        return self.reverses_id is not None


def new_certificate_code() -> str:
    """An unguessable public code (128 random bits, URL-safe)."""
    return secrets.token_urlsafe(16)


class CertificateQuerySet(models.QuerySet):
    def visible_to(self, user) -> "CertificateQuerySet":
        """The certificates of the people `user` may see (themselves; admins their scope)."""
        from people.models import person_scope

        scope = person_scope(user, "holder")
        return self.all() if scope is None else self.filter(scope)

    def valid(self) -> "CertificateQuerySet":
        return self.filter(revoked_at__isnull=True)


class Certificate(models.Model):
    """An attestation of one achievement of one person, verifiable by its public code; revoked, never deleted.

    The database holds one certificate per (holder, kind, source), so issuing the same achievement twice returns the
    certificate already issued. Title and issuer are snapshots. The PDF lives in private storage (cpd.storage) under
    the deterministic name certificates/<code>.pdf and is served only through a permission-checked view.
    """

    class Kind(models.TextChoices):
        COURSE_COMPLETION = "course", _("Course completion")
        WORKSHOP_ATTENDANCE = "workshop", _("Workshop attendance")
        LEVEL = "level", _("Level")
        AWARD = "award", _("Award")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("holder"), on_delete=models.PROTECT, related_name="certificates"
    )
    title = models.CharField(_("title"), max_length=200, help_text=_("What the certificate attests, as issued."))
    issuer = models.CharField(_("issuer"), max_length=200, help_text=_("The issuing organization, as issued."))
    issued_on = models.DateField(_("issued on"))
    code = models.CharField(
        _("verification code"), max_length=40, unique=True, default=new_certificate_code, editable=False
    )
    source_ref = models.CharField(
        _("source"), max_length=120, help_text=_("What earned the certificate, for example course:12:enrollment:34.")
    )
    pdf = models.FileField(
        _("PDF"), upload_to="certificates/", storage=private_storage, blank=True, max_length=200, editable=False
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revocation_reason = models.TextField(_("reason for revocation"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_on", "-pk"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        indexes = [models.Index(fields=["-issued_on", "-id"], name="cpd_certificate_recent")]  # the listing's order
        constraints = [
            models.UniqueConstraint(fields=["holder", "kind", "source_ref"], name="cpd_certificate_one_per_source"),
            models.CheckConstraint(condition=~Q(source_ref=""), name="cpd_certificate_source_not_empty"),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | ~Q(revocation_reason=""),
                name="cpd_certificate_reason_for_revocation",
            ),
        ]

    def __str__(self):
        return f"{self.holder} · {self.title}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def pdf_name(self) -> str:
        """The deterministic file name, so a repeated rendering overwrites instead of adding a second file."""
        return f"certificates/{self.code}.pdf"


class ExternalClaimQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ExternalClaimQuerySet":
        """The claims of the people `user` may see (themselves; admins their scope)."""
        from people.models import person_scope

        scope = person_scope(user, "counselor")
        return self.all() if scope is None else self.filter(scope)


class ExternalClaim(models.Model):
    """A counselor's claim for credit for something done outside the platform, decided by an admin of their scope.

    Decided through cpd.services only: the first decision wins (the row is locked), approval writes the ledger entry.
    """

    class ActivityKind(models.TextChoices):
        CONFERENCE = "conference", _("Conference")
        OUTSIDE_TRAINING = "training", _("Outside training")
        PUBLICATION = "publication", _("Publication")
        VISIT = "visit", _("Study visit")
        TEACHING = "teaching", _("Teaching")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    counselor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("counselor"), on_delete=models.PROTECT, related_name="external_claims"
    )
    activity_kind = models.CharField(_("kind of activity"), max_length=12, choices=ActivityKind.choices)
    title = models.CharField(_("title"), max_length=200)
    occurred_on = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=1, help_text=_("Training hours (学时)."))
    category = models.CharField(_("category"), max_length=12, choices=CreditEntry.Category.choices)
    topic = models.ForeignKey(
        "standards.Topic", verbose_name=_("topic"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(_("reason"), blank=True)
    credit = models.OneToOneField(
        CreditEntry,
        verbose_name=_("credit entry"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claim",
    )

    objects = ExternalClaimQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("external activity claim")
        verbose_name_plural = _("external activity claims")
        indexes = [
            models.Index(fields=["status", "submitted_at"], name="cpd_claim_status_submitted"),
            models.Index(fields=["-submitted_at", "-id"], name="cpd_claim_recent"),  # the listing's order
        ]
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0), name="cpd_claim_hours_positive"),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(decision_reason=""), name="cpd_claim_reason_for_rejection"
            ),
        ]

    def __str__(self):
        return f"{self.counselor} · {self.title}"


class EvidenceFile(models.Model):
    """An uploaded evidence file in private storage, checked by content (cpd.evidence) and served only through a
    permission-checked view. The abstract base of every app's evidence: a subclass adds the foreign key to what the
    file proves and may store its files under its own folder (`file` with another upload_to)."""

    file = models.FileField(_("file"), upload_to="evidence/", storage=private_storage, max_length=200)
    original_name = models.CharField(_("original name"), max_length=200)
    size = models.PositiveIntegerField(_("size"))
    content_type = models.CharField(_("content type"), max_length=40)
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now, editable=False)

    class Meta:
        abstract = True
        ordering = ["pk"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self):
        return self.original_name


class ClaimEvidence(EvidenceFile):
    """One evidence file of a claim."""

    claim = models.ForeignKey(
        ExternalClaim, verbose_name=_("claim"), on_delete=models.CASCADE, related_name="evidence"
    )
