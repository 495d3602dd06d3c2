"""The expert pool (专家库) and the review machinery: rubrics, panels over any subject, blind scores, publicity.

The rules each row keeps: an expert serves only within their term and while active; a panel reviews one subject
for one purpose (one panel per subject and purpose, enforced by the database); a seat is one expert on one panel,
never twice; a score belongs to one seat, snapshots the rubric it was given against and is never changed once
submitted. Who is seated, when a panel's result is final and who may see which scores are rules across rows and
live in `experts.services`. Subjects are generic (content type + id): certification applications first, later
competition entries, award nominations and studio evaluations, each described by an adapter in `experts.subjects`.
"""

from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from people.models import Organization, Role

from .subjects import adapter_for


def _scope_organizations(user):
    """Organizations whose experts and panels the user administers: None means all (province admins)."""
    if user.manages_whole_province:
        return None
    if user.has_role(Role.ORG_ADMIN) and user.organization_id is not None:
        return Organization.objects.filter(path__startswith=user.organization.path)
    return Organization.objects.none()


class ExpertQuerySet(models.QuerySet):
    def serving(self, on=None):
        """Active experts whose term includes the day `on` (today by default)."""
        on = on or timezone.localdate()
        return self.filter(active=True, term_start__lte=on, term_end__gte=on)

    def visible_to(self, user):
        """Province admins see the whole pool; organization admins the experts of their subtree; experts themselves."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        organizations = _scope_organizations(user)
        if organizations is None:
            return self.all()
        return self.filter(Q(organization__in=organizations) | Q(user=user))


class Expert(models.Model):
    """A member of the expert pool: who they are, where they work (for conflicts), what they know, when they serve."""

    class Tier(models.TextChoices):
        PROVINCIAL = "provincial", _("Provincial")
        CITY = "city", _("City")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.PROTECT, related_name="expert_profile"
    )
    tier = models.CharField(_("tier"), max_length=12, choices=Tier.choices, default=Tier.CITY)
    specialties = models.ManyToManyField(
        "standards.Topic", verbose_name=_("specialties"), related_name="experts", blank=True,
        help_text=_("Panels prefer experts whose specialties match the subject's topics."),
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.PROTECT, related_name="experts",
        help_text=_("Where the expert works. They are never seated on a subject from this organization's subtree."),
    )
    title = models.CharField(_("professional title"), max_length=60, blank=True)
    term_start = models.DateField(_("term starts"))
    term_end = models.DateField(_("term ends"))
    active = models.BooleanField(_("active"), default=True, help_text=_("Inactive experts are never seated."))
    max_concurrent = models.PositiveSmallIntegerField(
        _("maximum concurrent assignments"), default=5, validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Never seated on more open panels than this at once."),
    )

    objects = ExpertQuerySet.as_manager()

    class Meta:
        ordering = ["user__real_name"]
        verbose_name = _("expert")
        verbose_name_plural = _("experts")
        constraints = [
            models.CheckConstraint(condition=Q(term_end__gte=models.F("term_start")), name="experts_term_in_order"),
            models.CheckConstraint(condition=Q(max_concurrent__gte=1), name="experts_max_concurrent_positive"),
        ]

    def __str__(self):
        return str(self.user)

    def clean(self):
        super().clean()
        if self.term_start and self.term_end and self.term_end < self.term_start:
            raise ValidationError({"term_end": _("The term cannot end before it starts.")})

    def is_serving(self, on=None) -> bool:
        on = on or timezone.localdate()
        return self.active and self.term_start <= on <= self.term_end


class Rubric(ClusterableModel):
    """A scoring sheet: weighted criteria, each scored from 0 to its maximum; the total is a weighted mean on /100."""

    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("rubric")
        verbose_name_plural = _("rubrics")

    def __str__(self):
        return self.name

    def total_weight(self) -> Decimal:
        return sum((criterion.weight for criterion in self.criteria.all()), Decimal(0))


class RubricCriterion(models.Model):
    """One line of a rubric: what is judged, how much it counts, the highest score and guidance for the expert."""

    rubric = ParentalKey(Rubric, on_delete=models.CASCADE, related_name="criteria")
    label = models.CharField(_("criterion"), max_length=120)
    weight = models.DecimalField(
        _("weight"), max_digits=5, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("Relative weight; weights are shown as shares of the total."),
    )
    max_score = models.DecimalField(
        _("maximum score"), max_digits=5, decimal_places=1, default=Decimal(100),
        validators=[MinValueValidator(Decimal(1))],
    )
    guidance = models.TextField(_("guidance"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.CheckConstraint(condition=Q(weight__gt=0), name="experts_criterion_weight_positive"),
            models.CheckConstraint(condition=Q(max_score__gt=0), name="experts_criterion_max_positive"),
        ]

    def __str__(self):
        return self.label


class PanelQuerySet(models.QuerySet):
    def for_subject(self, subject):
        return self.filter(content_type=ContentType.objects.get_for_model(subject), object_id=subject.pk)

    def open(self):
        return self.filter(status__in=[Panel.Status.OPEN, Panel.Status.DIVERGENT])

    def visible_to(self, user):
        """Province admins see every panel; organization admins the panels on subjects of their subtree; experts
        the panels they sit on (a declined seat included); a panel's chair their panel."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        organizations = _scope_organizations(user)
        if organizations is None:
            return self.all()
        seated = PanelSeat.objects.filter(expert__user=user).values("panel_id")
        return self.filter(Q(organization__in=organizations) | Q(pk__in=seated) | Q(chair=user))


class Panel(models.Model):
    """A review panel of experts on one subject for one purpose (e.g. "certification.skills"), scored on a rubric.

    The result is the mean of the submitted totals (optionally without the highest and the lowest); when the
    totals spread further apart than `divergence_limit`, the chair decides the result and gives a reason.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Open for scoring")
        DIVERGENT = "divergent", _("Scores diverge: awaiting the chair")
        DECIDED = "decided", _("Decided")

    class Basis(models.TextChoices):
        MEAN = "mean", _("Panel mean")
        CHAIR = "chair", _("Decided by the chair")

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    subject_title = models.CharField(_("subject"), max_length=200, help_text=_("A snapshot of the subject's title."))
    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", help_text=_("The subject's organization: its admins may follow the panel."),
    )
    purpose = models.CharField(_("purpose"), max_length=60)
    rubric = models.ForeignKey(Rubric, verbose_name=_("rubric"), on_delete=models.PROTECT, related_name="panels")
    size = models.PositiveSmallIntegerField(
        _("size"), default=3, validators=[MinValueValidator(1), MaxValueValidator(15)]
    )
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("chair"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="chaired_panels", help_text=_("Resolves diverging scores."),
    )
    divergence_limit = models.DecimalField(
        _("divergence limit"), max_digits=5, decimal_places=2, default=Decimal(20),
        help_text=_("When the highest and lowest totals differ by more than this, the chair decides."),
    )
    drop_extremes = models.BooleanField(
        _("drop highest and lowest"), default=False,
        help_text=_("With three or more scores, leave out one highest and one lowest total from the mean."),
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    result = models.DecimalField(_("result"), max_digits=5, decimal_places=2, null=True, blank=True)
    result_basis = models.CharField(_("result basis"), max_length=6, choices=Basis.choices, blank=True)
    resolution_reason = models.TextField(_("chair's reason"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assigned by"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )

    objects = PanelQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("panel")
        verbose_name_plural = _("panels")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "purpose"], name="experts_one_panel_per_subject_purpose"
            ),
            models.CheckConstraint(
                condition=Q(result__isnull=True) | (Q(result__gte=0) & Q(result__lte=100)),
                name="experts_panel_result_range",
            ),
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="experts_panel_subject")]

    def __str__(self):
        return f"{self.subject_title} · {self.purpose_label()}"

    def purpose_label(self) -> str:
        """The purpose as its subject's adapter names it (the key itself when no adapter names it)."""
        try:
            return adapter_for(ContentType.objects.get_for_id(self.content_type_id).model_class()).purpose_label(
                self.purpose
            )
        except LookupError:
            return self.purpose

    purpose_label.short_description = _("Purpose")


class PanelSeatQuerySet(models.QuerySet):
    def live(self):
        """Seats that count: assigned or submitted (a declined seat has been replaced)."""
        return self.exclude(status=PanelSeat.Status.DECLINED)

    def open_assignments(self):
        """Seats still waiting for a score on a panel that is still open: an expert's current load."""
        return self.filter(status=PanelSeat.Status.ASSIGNED, panel__status=Panel.Status.OPEN)


class PanelSeat(models.Model):
    """One expert on one panel. An expert is seated on a panel at most once; a declined seat stays, with its reason."""

    class Status(models.TextChoices):
        ASSIGNED = "assigned", _("Assigned")
        DECLINED = "declined", _("Declined (conflict of interest)")
        SUBMITTED = "submitted", _("Submitted")

    panel = models.ForeignKey(Panel, verbose_name=_("panel"), on_delete=models.CASCADE, related_name="seats")
    expert = models.ForeignKey(Expert, verbose_name=_("expert"), on_delete=models.PROTECT, related_name="seats")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ASSIGNED)
    conflict_reason = models.TextField(_("conflict of interest"), blank=True)
    assigned_at = models.DateTimeField(_("assigned at"), auto_now_add=True)
    declined_at = models.DateTimeField(_("declined at"), null=True, blank=True)

    objects = PanelSeatQuerySet.as_manager()

    class Meta:
        ordering = ["panel", "assigned_at", "pk"]
        verbose_name = _("panel seat")
        verbose_name_plural = _("panel seats")
        constraints = [models.UniqueConstraint(fields=["panel", "expert"], name="experts_one_seat_per_expert")]

    def __str__(self):
        return f"{self.expert} · {self.panel}"


class Score(models.Model):
    """An expert's submitted score for their seat: per-criterion scores as given (with the rubric lines snapshotted),
    the weighted total out of 100, and a comment. Written once at submission and never changed."""

    seat = models.OneToOneField(PanelSeat, verbose_name=_("seat"), on_delete=models.PROTECT, related_name="score")
    criteria = models.JSONField(
        _("criterion scores"),
        help_text=_("[{criterion, label, weight, max_score, score}] as the expert scored them."),
    )
    total = models.DecimalField(
        _("total"), max_digits=5, decimal_places=2, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    comment = models.TextField(_("comment"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)

    class Meta:
        ordering = ["seat__panel", "submitted_at"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.CheckConstraint(condition=Q(total__gte=0) & Q(total__lte=100), name="experts_score_total_range"),
        ]

    def __str__(self):
        return f"{self.seat} · {self.total}"

    def save(self, *args, **kwargs):
        """A submitted score is final: saving an existing one is refused."""
        if self.pk is not None and not self._state.adding:
            raise ValidationError(_("A submitted score cannot be changed."), code="score_final")
        super().save(*args, **kwargs)


class PublicityQuerySet(models.QuerySet):
    def for_subject(self, subject):
        return self.filter(content_type=ContentType.objects.get_for_model(subject), object_id=subject.pk)

    def visible_to(self, user):
        if not getattr(user, "is_authenticated", False):
            return self.none()
        organizations = _scope_organizations(user)
        if organizations is None:
            return self.all()
        return self.filter(organization__in=organizations)


class Publicity(models.Model):
    """A publicity period (公示) of a result: from `starts_on` to `ends_on` inclusive anyone signed in may object."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    subject_title = models.CharField(_("subject"), max_length=200)
    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("opened by"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = PublicityQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("publicity period")
        verbose_name_plural = _("publicity periods")
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="experts_one_publicity_per_subject"),
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="experts_publicity_order"),
        ]

    def __str__(self):
        return self.subject_title

    def is_running(self, on=None) -> bool:
        on = on or timezone.localdate()
        return self.starts_on <= on <= self.ends_on

    def is_over(self, on=None) -> bool:
        return (on or timezone.localdate()) > self.ends_on


class Objection(models.Model):
    """An objection filed during a publicity period, and how it was resolved (upheld or dismissed, with reasons)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        UPHELD = "upheld", _("Upheld")
        DISMISSED = "dismissed", _("Dismissed")

    publicity = models.ForeignKey(
        Publicity, verbose_name=_("publicity period"), on_delete=models.PROTECT, related_name="objections"
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("filed by"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("objection"))
    filed_at = models.DateTimeField(_("filed at"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    resolution = models.TextField(_("resolution"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("resolved by"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        ordering = ["filed_at", "pk"]
        verbose_name = _("objection")
        verbose_name_plural = _("objections")

    def __str__(self):
        return f"{self.publicity} · {self.get_status_display()}"
