"""Awards with quotas (评优): 职业指导金牌工作室, 职业指导金课 and 职业指导之星, commended once per five-year cycle.

The rules each row keeps. An award type says what is nominated (a studio, a course page or a counselor) and its
default quota. A cycle runs over five years with one nomination window. Per cycle and type a `Quota` row holds the
total of seats (`seats`), how many of them are handed out to organizations (`allocated`) and how many are confirmed
(`used`): CHECK constraints keep `allocated <= seats` and `used <= seats`, so the database itself refuses the write
that would overfill them, whoever races. An `Allocation` gives an organization (a city, or a university of its own)
`seats` of that total, and counts the nominations holding one of them in `used` (CHECK `used <= seats`). A
nomination names exactly one nominee of its type's kind (CHECK), once per cycle and type while it is not withdrawn
(partial unique constraints). Which seat a nomination takes, when, and who may act are rules across rows: they live in
`awards.services`.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from people.models import Organization, Role


class NomineeKind(models.TextChoices):
    STUDIO = "studio", _("Studio")
    COURSE = "course", _("Course")
    COUNSELOR = "counselor", _("Career guidance counselor")


class AwardType(models.Model):
    """A kind of commendation (金牌工作室, 金课, 之星): what is nominated, how many per cycle, the review rubric."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=60)
    name_en = models.CharField(_("English name"), max_length=80, blank=True)
    nominee_kind = models.CharField(_("nominee kind"), max_length=10, choices=NomineeKind.choices)
    default_quota = models.PositiveSmallIntegerField(
        _("default quota per cycle"), validators=[MinValueValidator(1), MaxValueValidator(1000)],
        help_text=_("The total number of commendations in a cycle unless the cycle sets another."),
    )
    rubric = models.ForeignKey(
        "experts.Rubric", verbose_name=_("review rubric"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", help_text=_("The rubric the expert panels score nominations of this type on."),
    )
    description = models.TextField(_("eligibility criteria"), blank=True, help_text=_("What makes a worthy nominee."))
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("award type")
        verbose_name_plural = _("award types")
        constraints = [models.CheckConstraint(condition=Q(default_quota__gte=1), name="awards_type_quota_positive")]

    def __str__(self):
        return self.name


class Cycle(models.Model):
    """A five-year commendation cycle (e.g. 2026–2030): its nomination window, panel settings and the final roll."""

    class Status(models.TextChoices):
        NOMINATING = "nominating", _("Taking nominations")
        REVIEWING = "reviewing", _("Under review")
        CLOSED = "closed", _("Closed")

    name = models.CharField(_("name"), max_length=120)
    starts_year = models.PositiveSmallIntegerField(_("first year"), validators=[MinValueValidator(2000)])
    ends_year = models.PositiveSmallIntegerField(_("last year"), validators=[MinValueValidator(2000)])
    nominations_open_on = models.DateField(_("nominations open on"))
    nominations_close_on = models.DateField(_("nominations close on"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.NOMINATING)
    panel_size = models.PositiveSmallIntegerField(
        _("experts per panel"), default=3, validators=[MinValueValidator(1), MaxValueValidator(15)]
    )
    publicity_days = models.PositiveSmallIntegerField(
        _("publicity days"), default=7, validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("How long the publicity period (公示) of a recommendation runs."),
    )
    issuer = models.CharField(_("certificate issuer"), max_length=200, default="山东省人力资源和社会保障厅")
    published_at = models.DateTimeField(_("roll published at"), null=True, blank=True)

    class Meta:
        ordering = ["-starts_year", "-pk"]
        verbose_name = _("award cycle")
        verbose_name_plural = _("award cycles")
        constraints = [
            models.CheckConstraint(condition=Q(ends_year__gte=F("starts_year")), name="awards_cycle_years"),
            models.CheckConstraint(
                condition=Q(nominations_close_on__gte=F("nominations_open_on")), name="awards_cycle_window"
            ),
            models.UniqueConstraint(fields=["starts_year", "ends_year"], name="awards_one_cycle_per_years"),
        ]

    def __str__(self):
        return self.name

    def is_nominating(self, on=None) -> bool:
        on = on or timezone.localdate()
        return self.status == self.Status.NOMINATING and self.nominations_open_on <= on <= self.nominations_close_on

    @property
    def years(self) -> str:
        return f"{self.starts_year}–{self.ends_year}"


class Quota(models.Model):
    """The seats of one award type in one cycle: the total, the part allocated to organizations and the confirmed.

    `allocated` and `used` are counters changed only by conditional UPDATEs in awards.services; the CHECK
    constraints are the proof that neither ever passes `seats`."""

    cycle = models.ForeignKey(Cycle, verbose_name=_("cycle"), on_delete=models.CASCADE, related_name="quotas")
    award_type = models.ForeignKey(
        AwardType, verbose_name=_("award type"), on_delete=models.PROTECT, related_name="quotas"
    )
    seats = models.PositiveSmallIntegerField(_("total seats"), validators=[MaxValueValidator(1000)])
    allocated = models.PositiveSmallIntegerField(_("allocated"), default=0)
    used = models.PositiveSmallIntegerField(_("confirmed"), default=0)

    class Meta:
        ordering = ["cycle", "award_type__sort_order"]
        verbose_name = _("quota")
        verbose_name_plural = _("quotas")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "award_type"], name="awards_one_quota_per_type"),
            models.CheckConstraint(condition=Q(allocated__lte=F("seats")), name="awards_quota_allocated_le_seats"),
            models.CheckConstraint(condition=Q(used__lte=F("seats")), name="awards_quota_used_le_seats"),
        ]

    def __str__(self):
        return f"{self.cycle} · {self.award_type}"

    @property
    def seats_left(self) -> int:
        return self.seats - self.used


class Allocation(models.Model):
    """Seats of a quota given to one organization (a city, or a university of its own) for its nominations.

    A nomination takes a seat while it is submitted or further along, and gives it back when withdrawn or returned;
    `used` counts them and never passes `seats` (CHECK)."""

    quota = models.ForeignKey(Quota, verbose_name=_("quota"), on_delete=models.CASCADE, related_name="allocations")
    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.PROTECT, related_name="+"
    )
    seats = models.PositiveSmallIntegerField(_("allocated seats"), validators=[MaxValueValidator(1000)])
    used = models.PositiveSmallIntegerField(_("taken"), default=0)

    class Meta:
        ordering = ["quota", "organization__path"]
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        constraints = [
            models.UniqueConstraint(fields=["quota", "organization"], name="awards_one_allocation_per_org"),
            models.CheckConstraint(condition=Q(used__lte=F("seats")), name="awards_allocation_used_le_seats"),
        ]

    def __str__(self):
        return f"{self.organization} · {self.seats}"


class NominationQuerySet(models.QuerySet):
    def holding_seat(self):
        """Nominations that hold a seat of their allocation: submitted and everything after, but not withdrawn,
        returned or still a draft."""
        return self.exclude(status__in=Nomination.FREE_STATUSES)

    def visible_to(self, user):
        """Province admins see every nomination; organization admins those their subtree nominated or whose nominee
        belongs to it; experts the nominations whose panel they have a live seat on; everyone else none."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.approval_status != user.ApprovalStatus.APPROVED:
            return self.none()
        if user.manages_whole_province:
            return self.all()
        from django.contrib.contenttypes.models import ContentType

        from experts.models import PanelSeat

        seated = PanelSeat.objects.live().filter(
            expert__user=user, panel__content_type=ContentType.objects.get_for_model(Nomination)
        ).values("panel__object_id")
        mine = Q(pk__in=seated)
        if user.has_role(Role.ORG_ADMIN) and user.organization_id is not None:
            path = user.organization.path
            mine |= Q(organization__path__startswith=path) | Q(nominee_organization__path__startswith=path)
        return self.filter(mine)


class Nomination(models.Model):
    """One nominee for one award type in one cycle, put forward by an organization admin, with the whole path to
    the roll: draft → submitted → in review → recommended → publicity → confirmed (or withdrawn, returned, not
    recommended, refused), each decision with its reason in the audit log."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        RETURNED = "returned", _("Returned for changes")
        IN_REVIEW = "in_review", _("Under expert review")
        RECOMMENDED = "recommended", _("Recommended for the award")
        NOT_RECOMMENDED = "not_recommended", _("Not recommended")
        PUBLICITY = "publicity", _("In publicity (公示)")
        CONFIRMED = "confirmed", _("Confirmed")
        REFUSED = "refused", _("Refused")

    FREE_STATUSES = ("draft", "withdrawn", "returned")

    cycle = models.ForeignKey(Cycle, verbose_name=_("cycle"), on_delete=models.PROTECT, related_name="nominations")
    award_type = models.ForeignKey(
        AwardType, verbose_name=_("award type"), on_delete=models.PROTECT, related_name="nominations"
    )
    quota = models.ForeignKey(Quota, verbose_name=_("quota"), on_delete=models.PROTECT, related_name="nominations")
    allocation = models.ForeignKey(
        Allocation, verbose_name=_("allocation"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="nominations", help_text=_("The allocation whose seat the nomination holds."),
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("nominating organization"), on_delete=models.PROTECT, related_name="+"
    )
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("nominated by"), on_delete=models.PROTECT, related_name="+"
    )
    nominee_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("counselor"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="award_nominations",
    )
    studio = models.ForeignKey(
        "studios.Studio", verbose_name=_("studio"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="award_nominations",
    )
    course = models.ForeignKey(
        "courses.CoursePage", verbose_name=_("course"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="award_nominations",
    )
    nominee_title = models.CharField(_("nominee"), max_length=200, help_text=_("A snapshot of the nominee's name."))
    nominee_organization = models.ForeignKey(
        Organization, verbose_name=_("nominee's organization"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    city = models.ForeignKey(
        Organization, verbose_name=_("city"), on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        help_text=_("The nominating organization's city (the roll and the showcase list by city)."),
    )
    statement = models.TextField(_("recommendation"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    reason = models.TextField(_("reason of the last decision"), blank=True)
    review_score = models.DecimalField(_("panel result"), max_digits=5, decimal_places=2, null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("confirmed by"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    certificate = models.ForeignKey(
        "cpd.Certificate", verbose_name=_("certificate"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )

    objects = NominationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("award nomination")
        verbose_name_plural = _("award nominations")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(nominee_user__isnull=False, studio__isnull=True, course__isnull=True)
                    | Q(nominee_user__isnull=True, studio__isnull=False, course__isnull=True)
                    | Q(nominee_user__isnull=True, studio__isnull=True, course__isnull=False)
                ),
                name="awards_one_nominee",
            ),
            models.UniqueConstraint(
                fields=["cycle", "award_type", "nominee_user"], condition=~Q(status="withdrawn"),
                name="awards_one_live_nomination_counselor",
            ),
            models.UniqueConstraint(
                fields=["cycle", "award_type", "studio"], condition=~Q(status="withdrawn"),
                name="awards_one_live_nomination_studio",
            ),
            models.UniqueConstraint(
                fields=["cycle", "award_type", "course"], condition=~Q(status="withdrawn"),
                name="awards_one_live_nomination_course",
            ),
        ]
        indexes = [models.Index(fields=["cycle", "award_type", "status"], name="awards_nomination_queue")]

    def __str__(self):
        return f"{self.nominee_title} · {self.award_type}"

    @property
    def nominee_id(self) -> int | None:
        """The id of the nominee in its own table (user, studio or course page)."""
        return self.nominee_user_id or self.studio_id or self.course_id

    @property
    def nominee_kind(self) -> str:
        if self.nominee_user_id:
            return NomineeKind.COUNSELOR
        return NomineeKind.STUDIO if self.studio_id else NomineeKind.COURSE
