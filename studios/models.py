"""Career-guidance studios (职业指导工作室、站、角): who runs them, what they offer, where, and their rating; the
standard they are built to (标准化建设规范) as versioned data; self-assessments against one version, with evidence.

Rules each row keeps: a studio's city is derived from its organization (the organization itself when it is a city,
else its city ancestor), never typed; one open self-assessment per studio (database constraint); an assessment keeps
the standard version it was made against, and a version once used is never changed (saving it makes a new
version, see studios.admin_forms); a published rating is written once per assessment (StudioRating is unique per
assessment) and copied onto the studio, whose history keeps every past rating.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from cpd.models import EvidenceFile
from cpd.storage import private_storage
from people.models import Organization, Role

CENT = Decimal("0.01")


def city_of(organization: Organization | None) -> Organization | None:
    """The city an organization lies in: itself when it is a city, else its nearest city ancestor (None above)."""
    if organization is None:
        return None
    if organization.kind == Organization.Kind.CITY:
        return organization
    step = Organization.steplen
    ancestors = [organization.path[:length] for length in range(step, len(organization.path), step)]
    return Organization.objects.filter(kind=Organization.Kind.CITY, path__in=ancestors).order_by("-depth").first()


class StudioQuerySet(models.QuerySet):
    def public(self) -> "StudioQuerySet":
        """Studios the public directory lists: open and marked public."""
        return self.filter(status=Studio.Status.OPEN, is_public=True)

    def visible_to(self, user) -> "StudioQuerySet":
        """Province admins see every studio; organization admins those of their subtree; members their own."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.manages_whole_province:
            return self.all()
        mine = Q(lead=user) | Q(memberships__member=user)
        if user.has_role(Role.ORG_ADMIN) and user.organization_id is not None:
            mine |= Q(organization__path__startswith=user.organization.path)
        return self.filter(mine).distinct()


class Studio(ClusterableModel):
    """A studio, station or corner of an organization: a lead counselor, members, services and a place to find it.

    `rating`, `rating_score` and `rated_on` hold the latest expert rating against the standard (written only by
    studios.services when a rating is published); the gold-studio award reads them.
    """

    class Kind(models.TextChoices):
        STUDIO = "studio", _("Studio (工作室)")
        STATION = "station", _("Station (站)")
        CORNER = "corner", _("Corner (角)")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    class Rating(models.TextChoices):
        EXCELLENT = "excellent", _("Excellent")
        GOOD = "good", _("Good")
        PASS = "pass", _("Meets the standard")
        FAIL = "fail", _("Below the standard")

    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.STUDIO)
    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.PROTECT, related_name="studios"
    )
    city = models.ForeignKey(
        Organization, verbose_name=_("city"), on_delete=models.PROTECT, related_name="+", editable=False,
        help_text=_("The city the studio is in, for the directory: derived from the organization."),
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("lead counselor"), on_delete=models.PROTECT, related_name="led_studios"
    )
    services = models.ManyToManyField(
        "standards.Topic", verbose_name=_("services offered"), blank=True, related_name="studios"
    )
    description = models.TextField(_("description"), blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    is_public = models.BooleanField(_("listed in the public directory"), default=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    rating = models.CharField(_("rating"), max_length=10, choices=Rating.choices, blank=True)
    rating_score = models.DecimalField(_("rating score"), max_digits=5, decimal_places=2, null=True, blank=True)
    rated_on = models.DateField(_("rated on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = StudioQuerySet.as_manager()

    class Meta:
        verbose_name = _("studio")
        verbose_name_plural = _("studios")
        ordering = ["city__path", "name"]
        constraints = [models.UniqueConstraint(fields=["organization", "name"], name="studios_unique_name_per_org")]
        indexes = [models.Index(fields=["status", "is_public", "city"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("studios:detail", args=[self.pk])

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.organization_id and city_of(self.organization) is None:
            raise ValidationError({"organization": _("Choose an organization in a city (or the city itself).")})

    def save(self, *args, **kwargs):
        """The city always follows the organization (the directory's city filter reads it)."""
        if self.organization_id:
            city = city_of(self.organization)
            if city is not None:
                self.city = city
        if kwargs.get("update_fields") is not None and "organization" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "city"}
        super().save(*args, **kwargs)

    @property
    def is_listed(self) -> bool:
        return self.status == self.Status.OPEN and self.is_public


class StudioMembership(models.Model):
    """A counselor's membership of a studio."""

    studio = ParentalKey(Studio, verbose_name=_("studio"), on_delete=models.CASCADE, related_name="memberships")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.PROTECT, related_name="studio_memberships"
    )
    role = models.CharField(_("role"), max_length=60, blank=True)
    joined_on = models.DateField(_("joined on"), null=True, blank=True)

    class Meta:
        verbose_name = _("studio membership")
        verbose_name_plural = _("studio memberships")
        constraints = [models.UniqueConstraint(fields=["studio", "member"], name="studios_one_membership")]

    def __str__(self):
        return f"{self.member} · {self.studio}"


class StandardQuerySet(models.QuerySet):
    def current(self) -> "Standard | None":
        """The version new self-assessments are made against: the highest version."""
        return self.order_by("-version").first()


class Standard(ClusterableModel):
    """One version of the studio standard (标准化建设规范): criteria in groups with weights (summing to 100), a
    maximum score and guidance each, and the rating thresholds. A version that an assessment uses is never changed:
    saving it in the admin makes the next version."""

    version = models.PositiveIntegerField(_("version"), unique=True)
    name = models.CharField(_("name"), max_length=120)
    note = models.TextField(_("note"), blank=True, help_text=_("What changed in this version."))
    excellent_from = models.DecimalField(
        _("excellent from"), max_digits=5, decimal_places=2, default=Decimal(90),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    good_from = models.DecimalField(
        _("good from"), max_digits=5, decimal_places=2, default=Decimal(75),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    pass_from = models.DecimalField(
        _("meets the standard from"), max_digits=5, decimal_places=2, default=Decimal(60),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("A panel result below it is rated below the standard."),
    )
    rubric = models.ForeignKey(
        "experts.Rubric", verbose_name=_("expert rubric"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", editable=False,
        help_text=_("Built from this version's criteria when its first panel is assigned."),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    objects = StandardQuerySet.as_manager()

    class Meta:
        ordering = ["-version"]
        verbose_name = _("studio standard")
        verbose_name_plural = _("studio standards")
        constraints = [
            models.CheckConstraint(
                condition=Q(excellent_from__gte=models.F("good_from")) & Q(good_from__gte=models.F("pass_from")),
                name="studios_thresholds_in_order",
            ),
        ]

    def __str__(self):
        return _("%(name)s (version %(version)s)") % {"name": self.name, "version": self.version}

    def is_used(self) -> bool:
        return self.pk is not None and self.assessments.exists()

    def thresholds(self) -> list[tuple[Decimal, str]]:
        """(lowest score, rating), best first; below the last one a studio is rated below the standard."""
        return [
            (self.excellent_from, Studio.Rating.EXCELLENT),
            (self.good_from, Studio.Rating.GOOD),
            (self.pass_from, Studio.Rating.PASS),
        ]

    def rate(self, score) -> str:
        """The rating a score out of 100 earns against this version's thresholds."""
        score = Decimal(score)
        for lowest, rating in self.thresholds():
            if score >= lowest:
                return rating
        return Studio.Rating.FAIL

    def grouped_criteria(self) -> list[tuple[str, list]]:
        """[(group, [criteria])] in the criteria's order (read through `criteria.all()`, prefetched or not)."""
        groups: dict[str, list] = {}
        for criterion in self.criteria.all():
            groups.setdefault(criterion.group, []).append(criterion)
        return list(groups.items())


class StandardCriterion(models.Model):
    """One criterion of a standard version: its group (场地, 人员 ...), weight out of 100, maximum score, guidance."""

    standard = ParentalKey(Standard, verbose_name=_("standard"), on_delete=models.CASCADE, related_name="criteria")
    group = models.CharField(
        _("group"), max_length=40, help_text=_("For example 场地, 人员, 服务流程, 档案管理, 服务成效.")
    )
    label = models.CharField(_("criterion"), max_length=120)
    weight = models.DecimalField(
        _("weight"), max_digits=5, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("The weights of a version add up to 100."),
    )
    max_score = models.DecimalField(
        _("maximum score"), max_digits=5, decimal_places=1, default=Decimal(10),
        validators=[MinValueValidator(Decimal(1)), MaxValueValidator(Decimal(100))],
    )
    guidance = models.TextField(_("guidance"), blank=True, help_text=_("What the studio shows to earn full marks."))
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("standard criterion")
        verbose_name_plural = _("standard criteria")
        constraints = [
            models.CheckConstraint(condition=Q(weight__gt=0), name="studios_criterion_weight_positive"),
            models.CheckConstraint(condition=Q(max_score__gt=0), name="studios_criterion_max_positive"),
        ]

    def __str__(self):
        return f"{self.group} · {self.label}"


class SelfAssessmentQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=SelfAssessment.OPEN_STATUSES)

    def visible_to(self, user):
        """The assessments of the studios `user` may see (lead and members their own; admins their scope)."""
        return self.filter(studio__in=Studio.objects.visible_to(user).values("pk"))


class SelfAssessment(models.Model):
    """A studio's self-assessment against one standard version: draft → submitted → endorsed by the organization
    (or returned, corrected, submitted again) → under expert review → rated."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted to the organization")
        RETURNED = "returned", _("Returned for correction")
        ENDORSED = "endorsed", _("Endorsed, waiting for an expert panel")
        IN_REVIEW = "in_review", _("Under expert review")
        RATED = "rated", _("Rated")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    OPEN_STATUSES = ("draft", "submitted", "returned", "endorsed", "in_review")
    EDITABLE_STATUSES = ("draft", "returned")

    studio = models.ForeignKey(Studio, verbose_name=_("studio"), on_delete=models.PROTECT, related_name="assessments")
    standard = models.ForeignKey(
        Standard, verbose_name=_("standard version"), on_delete=models.PROTECT, related_name="assessments"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    summary = models.TextField(_("summary"), blank=True, help_text=_("The studio's account of its work."))
    self_score = models.DecimalField(
        _("self-assessed score"), max_digits=5, decimal_places=2, null=True, blank=True,
        help_text=_("Weighted, out of 100; computed when submitted."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("started by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("endorsed or returned by"), on_delete=models.PROTECT, null=True,
        blank=True, related_name="+",
    )
    decided_at = models.DateTimeField(_("endorsed or returned at"), null=True, blank=True)
    return_reason = models.TextField(_("reason for returning"), blank=True)
    panel_result = models.DecimalField(_("panel result"), max_digits=5, decimal_places=2, null=True, blank=True)

    objects = SelfAssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("studio self-assessment")
        verbose_name_plural = _("studio self-assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["studio"],
                condition=Q(status__in=["draft", "submitted", "returned", "endorsed", "in_review"]),
                name="studios_one_open_assessment",
            ),
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(return_reason=""), name="studios_reason_for_return"
            ),
        ]

    def __str__(self):
        return _("%(studio)s · self-assessment of %(date)s") % {
            "studio": self.studio, "date": timezone.localtime(self.created_at).date().isoformat(),
        }

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE_STATUSES


class SelfAssessmentLine(models.Model):
    """The self-score and note of one criterion of an assessment."""

    assessment = models.ForeignKey(
        SelfAssessment, verbose_name=_("self-assessment"), on_delete=models.CASCADE, related_name="lines"
    )
    criterion = models.ForeignKey(
        StandardCriterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="+"
    )
    score = models.DecimalField(_("self-score"), max_digits=5, decimal_places=1, null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["criterion__sort_order", "criterion__pk"]
        verbose_name = _("self-assessment line")
        verbose_name_plural = _("self-assessment lines")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "criterion"], name="studios_one_line_per_criterion"),
        ]

    def __str__(self):
        return f"{self.criterion} · {self.score}"


class AssessmentEvidence(EvidenceFile):
    """One evidence file of a self-assessment, for one criterion, in private storage; checked by content like CPD
    claim evidence (cpd.evidence) and served only through a permission-checked view."""

    assessment = models.ForeignKey(
        SelfAssessment, verbose_name=_("self-assessment"), on_delete=models.CASCADE, related_name="evidence"
    )
    criterion = models.ForeignKey(
        StandardCriterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="+"
    )
    file = models.FileField(_("file"), upload_to="studios/", storage=private_storage, max_length=200)

    class Meta(EvidenceFile.Meta):
        verbose_name = _("self-assessment evidence file")
        verbose_name_plural = _("self-assessment evidence files")


class StudioRating(models.Model):
    """A published rating of a studio, from one assessment's panel result: the studio's rating history."""

    studio = models.ForeignKey(Studio, verbose_name=_("studio"), on_delete=models.PROTECT, related_name="ratings")
    assessment = models.OneToOneField(
        SelfAssessment, verbose_name=_("self-assessment"), on_delete=models.PROTECT, related_name="rating"
    )
    standard = models.ForeignKey(Standard, verbose_name=_("standard version"), on_delete=models.PROTECT,
                                 related_name="+")
    rating = models.CharField(_("rating"), max_length=10, choices=Studio.Rating.choices)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2)
    rated_on = models.DateField(_("rated on"))
    panel = models.ForeignKey(
        "experts.Panel", verbose_name=_("panel"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["-rated_on", "-pk"]
        verbose_name = _("studio rating")
        verbose_name_plural = _("studio ratings")

    def __str__(self):
        return f"{self.studio} · {self.get_rating_display()} · {self.rated_on}"


def weighted_total(pairs) -> Decimal:
    """The weighted score out of 100 of (criterion, score) pairs: sum(weight × score / max) × 100 / sum(weights)."""
    weighted, weights = Decimal(0), Decimal(0)
    for criterion, score in pairs:
        weighted += criterion.weight * Decimal(score) / criterion.max_score
        weights += criterion.weight
    if not weights:
        return Decimal(0)
    return (weighted * 100 / weights).quantize(CENT, rounding=ROUND_HALF_UP)
