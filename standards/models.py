"""The shared vocabulary: the skill-level ladder and the topic taxonomy, seeded by a data migration.

Pure data: names in Chinese and English, an order, and for levels the default training hours. Rows are never
deleted once other records point at them; a topic that is no longer used is switched off instead.
"""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class BilingualNameMixin(models.Model):
    name_zh = models.CharField(_("Chinese name"), max_length=60)
    name_en = models.CharField(_("English name"), max_length=80)

    class Meta:
        abstract = True

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        """The name in the active language (Chinese unless English is active)."""
        return self.name_en if (get_language() or "").startswith("en") else self.name_zh


class LevelQuerySet(models.QuerySet):
    def ladder(self):
        """The skill levels in climbing order, without the appointed chief title."""
        return self.filter(is_appointed_title=False).order_by("rank")


class Level(BilingualNameMixin):
    """A rung of the 职业指导师 ladder (五级 … 一级) or the appointed 首席职业指导师 title."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    rank = models.PositiveSmallIntegerField(
        _("rank"), unique=True, help_text=_("1 is the entry level (五级); higher numbers are higher levels.")
    )
    grade_name = models.CharField(
        _("grade"), max_length=30, blank=True, help_text=_("The national vocational grade, for example 初级工.")
    )
    training_hours = models.PositiveSmallIntegerField(
        _("training hours"), default=0, help_text=_("Training hours (学时) required for this level.")
    )
    requires_comprehensive_review = models.BooleanField(
        _("comprehensive review"), default=False, help_text=_("二级 and 一级 add a comprehensive review.")
    )
    is_appointed_title = models.BooleanField(
        _("appointed title"),
        default=False,
        help_text=_("An appointed title (首席职业指导师) rather than a skill level."),
    )

    objects = LevelQuerySet.as_manager()

    class Meta:
        ordering = ["rank"]
        verbose_name = _("level")
        verbose_name_plural = _("levels")

    def next_level(self) -> "Level | None":
        """The next rung of the skill ladder; None for 一级 and for the appointed title (首席 is appointed, never
        applied for). certification.ladder.next_level applies this rule to people."""
        if self.is_appointed_title:
            return None
        return Level.objects.ladder().filter(rank__gt=self.rank).first()


class TopicQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Topic(BilingualNameMixin):
    """A service category or knowledge area (POLICY, COUNSEL, ...), used to tag courses, events and credit."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
