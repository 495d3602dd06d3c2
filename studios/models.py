"""Career-guidance studios (职业指导工作室、站、角): who runs them, what they offer, where, and their rating."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from people.models import Organization, Role


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


class Studio(models.Model):
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
        Organization, verbose_name=_("city"), on_delete=models.PROTECT, related_name="+",
        help_text=_("The city the studio is in, for the directory."),
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


class StudioMembership(models.Model):
    """A counselor's membership of a studio."""

    studio = models.ForeignKey(Studio, verbose_name=_("studio"), on_delete=models.CASCADE, related_name="memberships")
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
