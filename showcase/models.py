"""What the public showcase lists: one feature per honoured thing, written by the app that honours it.

Competitions (winners), awards (the final roll of gold studios, gold courses and stars) and any later honour call
`showcase.services.feature` when their results are published; the showcase never imports them. A feature keeps a
snapshot of what it shows (title, honour, city, year, link), so the public pages read one table in a fixed number
of queries, and editors may add a photo and a citation afterwards in the admin without touching the source.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from .honours import honour_order


class FeatureQuerySet(models.QuerySet):
    def public(self) -> "FeatureQuerySet":
        """Features anyone may read: not hidden by an editor."""
        return self.filter(hidden=False)

    def in_roll_order(self) -> "FeatureQuerySet":
        """The order of an honour roll: known honours first (一等奖 before 二等奖 ...), then `rank`, then age."""
        return self.annotate(honour_order=honour_order()).order_by("honour_order", "rank", "pk")


class Feature(models.Model):
    """One honoured thing in the showcase: a prize-winning entry, a gold course, a gold studio or a star."""

    class Kind(models.TextChoices):
        COMPETITION = "competition", _("Competition winner")
        GOLD_COURSE = "gold_course", _("Gold course")
        GOLD_STUDIO = "gold_studio", _("Gold studio")
        STAR = "star", _("Career guidance star")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    group_key = models.CharField(
        _("group"), max_length=80, help_text=_("Features shown together, for example one competition's winners.")
    )
    group_title = models.CharField(_("group title"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"))
    city = models.ForeignKey(
        "people.Organization", verbose_name=_("city"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=200, help_text=_("Who or what is honoured."))
    subtitle = models.CharField(
        _("subtitle"), max_length=200, blank=True,
        help_text=_("A short line under the title, for example the organization or the school."),
    )
    honour = models.CharField(_("honour"), max_length=120, help_text=_("For example 一等奖 or 职业指导金课."))
    rank = models.PositiveIntegerField(
        _("order"), default=0,
        help_text=_("Lower numbers are shown first within the same honour. Publishing the results again resets it "
                    "to the published order."),
    )
    citation = models.TextField(_("citation"), blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("photo"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    link_url = models.CharField(_("link"), max_length=300, blank=True, help_text=_("The course, studio or resource."))
    hidden = models.BooleanField(_("hidden"), default=False, help_text=_("Hidden features are not shown publicly."))
    published_at = models.DateTimeField(_("published at"))

    objects = FeatureQuerySet.as_manager()

    class Meta:
        verbose_name = _("showcase feature")
        verbose_name_plural = _("showcase features")
        ordering = ["-year", "group_key", "rank", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "kind"], name="showcase_one_feature_per_source"
            )
        ]
        indexes = [models.Index(fields=["kind", "year"]), models.Index(fields=["group_key", "rank"])]

    def __str__(self):
        return f"{self.honour} · {self.title}"

    @classmethod
    def source_key(cls, source) -> dict:
        return {"content_type": ContentType.objects.get_for_model(source), "object_id": source.pk}
