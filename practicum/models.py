"""场景式实践 (scene-based practice): partner organizations, placements, the practice log and the supervisor's
one-time sign-off links.

The rules each row keeps: a partner belongs to one city (the city admin who manages it sees it); a placement's dates
are in order and its planned hours positive; a log entry's hours lie in (0, 12] and one entry per placement and day
(database constraints); a sign-off link stores only the SHA-256 hash of its token, a nonce from which the server
derives the token with its secret key, its expiry and when it was used or revoked; one live link per placement
(database constraint). Rules that span rows (who may create, log, submit, sign off; credit once) live in
practicum.services.
"""

from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cpd.models import CreditEntry
from people.models import Organization, Role, person_scope

MAX_HOURS_PER_DAY = 12
LINK_LIFETIME = timedelta(days=30)


def _ancestor_paths(organization) -> list[str]:
    step = organization.steplen
    return [organization.path[:end] for end in range(step, len(organization.path) + 1, step)]


class PartnerQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)

    def visible_to(self, user):
        """Province admins manage every partner; an organization admin the partners of the cities in their subtree
        and of the city above them; others none (counselors pick partners through the placement form)."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.manages_whole_province:
            return self.all()
        organization = user.organization
        if organization is None or not user.has_role(Role.ORG_ADMIN):
            return self.none()
        return self.filter(
            Q(city__path__startswith=organization.path) | Q(city__path__in=_ancestor_paths(organization))
        )


class Partner(models.Model):
    """A partner organization (合作单位) that hosts scene-based practice: an employer, a university or a service
    agency, in one city. Maintained by province admins and the admins of its city."""

    class Kind(models.TextChoices):
        EMPLOYER = "employer", _("Employer")
        UNIVERSITY = "university", _("University")
        SERVICE_AGENCY = "agency", _("Service agency")
        OTHER = "other", _("Other")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.EMPLOYER)
    name = models.CharField(_("name"), max_length=120)
    city = models.ForeignKey(
        Organization, verbose_name=_("city"), on_delete=models.PROTECT, related_name="practicum_partners",
        limit_choices_to={"kind": Organization.Kind.CITY},
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=60, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    organization = models.ForeignKey(
        Organization, verbose_name=_("organization on the platform"), on_delete=models.PROTECT, null=True,
        blank=True, related_name="+",
        help_text=_("When the partner is itself an organization on the platform (a university, an agency)."),
    )
    active = models.BooleanField(_("active"), default=True, help_text=_("Inactive partners take no new placements."))

    objects = PartnerQuerySet.as_manager()

    class Meta:
        ordering = ["city__path", "name"]
        verbose_name = _("practice partner")
        verbose_name_plural = _("practice partners")
        constraints = [models.UniqueConstraint(fields=["city", "name"], name="practicum_partner_name_per_city")]

    def __str__(self):
        return self.name


class PlacementQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Province admins see every placement; organization admins those of their subtree's counselors; others
        their own."""
        scope = person_scope(user, "counselor")
        return self.all() if scope is None else self.filter(scope)


class Placement(models.Model):
    """A counselor's placement (场景式实践) at a partner: dates, host supervisor, objectives, planned hours, the topic
    and category its credit is recorded under, and where it stands.

    A counselor proposes a placement and an admin of their scope approves it (planned), or the admin creates it
    planned. The counselor logs practice while it runs (in progress), submits the log (the supervisor gets a
    one-time link), and the supervisor signs off (credit recorded once) or returns it with a reason."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed, awaiting approval")
        DECLINED = "declined", _("Proposal declined")
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("Under way")
        SUBMITTED = "submitted", _("Submitted for sign-off")
        SIGNED_OFF = "signed_off", _("Signed off")
        RETURNED = "returned", _("Returned by the supervisor")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    LOGGING = (Status.PLANNED, Status.IN_PROGRESS, Status.RETURNED)

    counselor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("counselor"), on_delete=models.PROTECT,
        related_name="practicum_placements",
    )
    partner = models.ForeignKey(Partner, verbose_name=_("partner"), on_delete=models.PROTECT,
                                related_name="placements")
    event = models.ForeignKey(
        "workshops.WorkshopPage", verbose_name=_("practicum event"), on_delete=models.PROTECT, null=True,
        blank=True, related_name="+", limit_choices_to={"kind": "practicum"},
        help_text=_("Optional: the 场景式实践 event this placement belongs to."),
    )
    title = models.CharField(_("title"), max_length=120)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    supervisor_name = models.CharField(_("supervisor"), max_length=60)
    supervisor_title = models.CharField(_("supervisor's title"), max_length=60, blank=True)
    supervisor_email = models.EmailField(_("supervisor's e-mail"))
    supervisor_phone = models.CharField(_("supervisor's phone"), max_length=30, blank=True)
    objectives = models.TextField(_("objectives"))
    planned_hours = models.DecimalField(
        _("planned hours"), max_digits=5, decimal_places=1,
        validators=[MinValueValidator(1), MaxValueValidator(999)], help_text=_("Training hours (学时) planned."),
    )
    topic = models.ForeignKey("standards.Topic", verbose_name=_("topic"), on_delete=models.PROTECT, null=True,
                              blank=True, related_name="+")
    category = models.CharField(_("credit category"), max_length=12, choices=CreditEntry.Category.choices,
                                default=CreditEntry.Category.PROFESSIONAL)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PROPOSED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"),
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("approved by"),
                                    on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    decision_reason = models.TextField(_("reason"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    signed_off_at = models.DateTimeField(_("signed off at"), null=True, blank=True)
    confirmed_hours = models.DecimalField(_("confirmed hours"), max_digits=5, decimal_places=1, null=True,
                                          blank=True)
    assessment = models.TextField(_("supervisor's assessment"), blank=True)
    signature = models.CharField(_("signed by"), max_length=60, blank=True)
    return_reason = models.TextField(_("reason for returning"), blank=True)
    credit = models.OneToOneField(CreditEntry, verbose_name=_("credit entry"), on_delete=models.PROTECT,
                                  null=True, blank=True, related_name="+")

    objects = PlacementQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("practice placement")
        verbose_name_plural = _("practice placements")
        indexes = [models.Index(fields=["status", "starts_on"], name="practicum_placement_status")]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="practicum_dates_in_order"),
            models.CheckConstraint(condition=Q(planned_hours__gt=0), name="practicum_planned_hours_positive"),
        ]

    def __str__(self):
        return f"{self.title} · {self.counselor}"

    @property
    def is_logging(self) -> bool:
        return self.status in self.LOGGING

    @property
    def credit_source(self) -> str:
        return f"practicum:{self.pk}"


class LogEntry(models.Model):
    """One day of the practice log: what the counselor did, for how long, and what they learned."""

    placement = models.ForeignKey(Placement, verbose_name=_("placement"), on_delete=models.CASCADE,
                                  related_name="entries")
    day = models.DateField(_("date"))
    hours = models.DecimalField(
        _("hours"), max_digits=3, decimal_places=1,
        validators=[MinValueValidator(0.5), MaxValueValidator(MAX_HOURS_PER_DAY)],
    )
    activities = models.TextField(_("activities"))
    reflection = models.TextField(_("reflection"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["day", "pk"]
        verbose_name = _("practice log entry")
        verbose_name_plural = _("practice log entries")
        constraints = [
            models.UniqueConstraint(fields=["placement", "day"], name="practicum_one_entry_per_day"),
            models.CheckConstraint(condition=Q(hours__gt=0, hours__lte=MAX_HOURS_PER_DAY),
                                   name="practicum_entry_hours_in_range"),
        ]

    def __str__(self):
        return f"{self.day} · {self.hours}"


class SignoffLink(models.Model):
    """A one-time link for the host supervisor. The token is never stored: only its SHA-256 hash (for lookup) and a
    random nonce from which the server derives it with its secret key (so the e-mail task takes only this row's id).
    Used, revoked (a new link was sent) or expired links change nothing."""

    placement = models.ForeignKey(Placement, verbose_name=_("placement"), on_delete=models.CASCADE,
                                  related_name="links")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    nonce = models.CharField(max_length=64, editable=False)
    email = models.EmailField(_("sent to"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("sign-off link")
        verbose_name_plural = _("sign-off links")
        constraints = [
            models.UniqueConstraint(fields=["placement"], condition=Q(used_at__isnull=True, revoked_at__isnull=True),
                                    name="practicum_one_live_link"),
        ]

    def __str__(self):
        return f"{self.placement_id} · {self.email}"

    def is_live(self, now=None) -> bool:
        now = now or timezone.now()
        return self.used_at is None and self.revoked_at is None and self.expires_at > now
