"""首席职业指导师 (chief career-guidance counselors): rounds, nominations, evidence and appointments.

The rules each row keeps: a nominee holds 一级 when nominated (checked by the services, which read the level records);
one live nomination per person and round (database constraint); a nomination keeps the route it came by (竞赛, 考核 or
评定) and its evidence; an appointment belongs to one nomination, runs for a term and is reminded of once before it
ends. The title itself is a LevelRecord of the appointed 首席 level (basis appointed), so the ladder, the dashboard
and certificates see it like any level.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cpd.models import EvidenceFile
from cpd.storage import private_storage
from people.models import Organization, User


class ChiefRound(models.Model):
    """A selection round (评选批次) for chief counselors: nomination window, the panel that reviews, the term given."""

    class Status(models.TextChoices):
        NOMINATING = "nominating", _("Taking nominations")
        REVIEWING = "reviewing", _("Under expert review")
        CLOSED = "closed", _("Closed")

    name = models.CharField(_("name"), max_length=120)
    nominations_open_on = models.DateField(_("nominations open on"))
    nominations_close_on = models.DateField(_("nominations close on"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.NOMINATING)
    rubric = models.ForeignKey(
        "experts.Rubric", verbose_name=_("review rubric"), on_delete=models.PROTECT, related_name="+"
    )
    panel_size = models.PositiveSmallIntegerField(
        _("experts per panel"), default=3, validators=[MinValueValidator(1), MaxValueValidator(15)]
    )
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("chair"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", help_text=_("Resolves diverging panel scores; province admins do when empty."),
    )
    pass_mark = models.DecimalField(
        _("pass mark"), max_digits=5, decimal_places=2, default=75,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("A panel result at or above it recommends the nominee for appointment."),
    )
    term_years = models.PositiveSmallIntegerField(
        _("term in years"), default=3, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    duties = models.TextField(
        _("duties"), blank=True,
        help_text=_("The duties of an appointed chief counselor, copied into each appointment."),
    )

    class Meta:
        ordering = ["-nominations_open_on", "-pk"]
        verbose_name = _("chief counselor round")
        verbose_name_plural = _("chief counselor rounds")
        constraints = [
            models.CheckConstraint(
                condition=Q(nominations_close_on__gte=models.F("nominations_open_on")), name="chiefs_round_window"
            ),
        ]

    def __str__(self):
        return self.name

    def is_nominating(self, on=None) -> bool:
        on = on or timezone.localdate()
        return self.status == self.Status.NOMINATING and self.nominations_open_on <= on <= self.nominations_close_on


class NominationQuerySet(models.QuerySet):
    def live(self):
        return self.exclude(status__in=[Nomination.Status.WITHDRAWN, Nomination.Status.RETURNED])

    def visible_to(self, user):
        """Province admins see every nomination; organization admins those of their subtree's people; others
        their own."""
        return self.filter(nominee__in=User.objects.visible_to(user))


class Nomination(models.Model):
    """A nomination of a 一级 holder for 首席职业指导师, by their city or by themselves with the city's endorsement."""

    class Route(models.TextChoices):
        COMPETITION = "competition", _("Competition (竞赛)")
        ASSESSMENT = "assessment", _("Assessment (考核)")
        EVALUATION = "evaluation", _("Evaluation (评定)")

    class Status(models.TextChoices):
        AWAITING_ENDORSEMENT = "awaiting", _("Awaiting the city's endorsement")
        RETURNED = "returned", _("Returned by the city")
        ENDORSED = "endorsed", _("Endorsed by the city")
        IN_REVIEW = "in_review", _("Under expert review")
        RECOMMENDED = "recommended", _("Recommended by the panel")
        NOT_RECOMMENDED = "not_recommended", _("Not recommended")
        APPOINTED = "appointed", _("Appointed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    round = models.ForeignKey(ChiefRound, verbose_name=_("round"), on_delete=models.PROTECT, related_name="nominations")
    nominee = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("nominee"), on_delete=models.PROTECT, related_name="chief_nominations"
    )
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("nominated by"), on_delete=models.PROTECT, related_name="+"
    )
    city = models.ForeignKey(
        Organization, verbose_name=_("city"), on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        help_text=_("The nominee's city when nominated (the roll lists chief counselors by city)."),
    )
    route = models.CharField(_("route"), max_length=12, choices=Route.choices)
    statement = models.TextField(_("statement"))
    achievements = models.TextField(_("achievements"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    endorsed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("endorsed by"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    endorsed_at = models.DateTimeField(_("endorsed at"), null=True, blank=True)
    return_reason = models.TextField(_("reason for returning"), blank=True)
    review_score = models.DecimalField(_("panel result"), max_digits=5, decimal_places=2, null=True, blank=True)

    objects = NominationQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("chief counselor nomination")
        verbose_name_plural = _("chief counselor nominations")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "nominee"], condition=~Q(status__in=["withdrawn", "returned"]),
                name="chiefs_one_live_nomination_per_round",
            ),
        ]

    def __str__(self):
        return f"{self.nominee} · {self.round}"


class NominationEvidence(EvidenceFile):
    """Evidence of the nomination's route (a prize certificate, an assessment result, an evaluation), in private
    storage, checked by content like CPD claim evidence."""

    nomination = models.ForeignKey(Nomination, verbose_name=_("nomination"), on_delete=models.CASCADE,
                                   related_name="evidence")
    file = models.FileField(_("file"), upload_to="chiefs/", storage=private_storage, max_length=200)


class AppointmentQuerySet(models.QuerySet):
    def current(self, on=None):
        on = on or timezone.localdate()
        return self.filter(starts_on__lte=on, ends_on__gte=on, ended_early_on__isnull=True)

    def visible_to(self, user):
        return self.filter(holder__in=User.objects.visible_to(user))


class Appointment(models.Model):
    """The appointment of a chief counselor for a term, with duties, the title's level record and the appointment
    certificate. Reminded of once before the term ends."""

    nomination = models.OneToOneField(
        Nomination, verbose_name=_("nomination"), on_delete=models.PROTECT, related_name="appointment"
    )
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("chief counselor"), on_delete=models.PROTECT,
        related_name="chief_appointments",
    )
    city = models.ForeignKey(
        Organization, verbose_name=_("city"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    starts_on = models.DateField(_("term starts"))
    ends_on = models.DateField(_("term ends"))
    duties = models.TextField(_("duties"), blank=True)
    level_record = models.ForeignKey(
        "certification.LevelRecord", verbose_name=_("level record"), on_delete=models.PROTECT, related_name="+"
    )
    certificate = models.ForeignKey(
        "cpd.Certificate", verbose_name=_("appointment certificate"), on_delete=models.PROTECT, null=True,
        blank=True, related_name="+",
    )
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("appointed by"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    ended_early_on = models.DateField(_("ended early on"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)

    objects = AppointmentQuerySet.as_manager()

    class Meta:
        ordering = ["city__path", "holder__real_name"]
        verbose_name = _("chief counselor appointment")
        verbose_name_plural = _("chief counselor appointments")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gt=models.F("starts_on")), name="chiefs_term_in_order"),
        ]

    def __str__(self):
        return f"{self.holder} · {self.starts_on:%Y}–{self.ends_on:%Y}"
