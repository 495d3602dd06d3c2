"""Level records: which rung of the ladder a counselor holds, since when, and on what basis.

A counselor's current level is their highest recorded level. Records are the history of the climb and are
never deleted; a record entered in error is revoked with a reason instead (later issues add level applications,
reviews and certificates on top of this).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


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
