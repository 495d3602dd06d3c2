"""CPD compliance reminder campaigns and the deliveries they claim.

The rule: each person is reminded at most once per campaign. A campaign is one decision to remind everyone behind
in one organization subtree for one CPD period (an admin's click, or the monthly beat job, which keys its campaign by
month so that running twice makes one campaign). The task that sends it inserts a `ReminderDelivery` row for a
person before sending their e-mail; the unique (campaign, person) constraint lets only the first insert through,
however often or however concurrently the task runs.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReminderCampaign(models.Model):
    """A reminder to everyone behind on CPD in `organization`'s subtree for `period`."""

    class Trigger(models.TextChoices):
        MANUAL = "manual", _("Sent by an admin")
        MONTHLY = "monthly", _("Monthly schedule")

    organization = models.ForeignKey(
        "people.Organization", verbose_name=_("organization"), on_delete=models.PROTECT, related_name="+"
    )
    period = models.ForeignKey("cpd.CPDPeriod", verbose_name=_("CPD period"), on_delete=models.PROTECT,
                               related_name="+")
    trigger = models.CharField(_("trigger"), max_length=10, choices=Trigger.choices, default=Trigger.MANUAL)
    key = models.CharField(
        _("key"), max_length=80, unique=True, null=True, blank=True,
        help_text=_("Scheduled campaigns only: one per organization, period and month."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("reminder campaign")
        verbose_name_plural = _("reminder campaigns")
        default_permissions = ("add", "view")
        permissions = [("view_reports", _("Can view the reports of their scope"))]

    def __str__(self):
        return f"{self.organization} · {self.period} · {self.created_at:%Y-%m-%d}"


class ReminderDelivery(models.Model):
    """One person reminded by one campaign; the row is claimed before the e-mail is sent."""

    campaign = models.ForeignKey(ReminderCampaign, verbose_name=_("campaign"), on_delete=models.CASCADE,
                                 related_name="deliveries")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE,
                               related_name="+")
    total_hours = models.DecimalField(_("hours done"), max_digits=7, decimal_places=1)
    professional_hours = models.DecimalField(_("professional hours done"), max_digits=7, decimal_places=1)
    claimed_at = models.DateTimeField(_("claimed at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "person"], name="reports_one_reminder_per_campaign"),
        ]

    def __str__(self):
        return f"{self.campaign_id}:{self.person_id}"
