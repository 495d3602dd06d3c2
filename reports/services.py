"""Starting and sending CPD compliance reminder campaigns.

`start_campaign(actor, organization_id=..., period_id=...)`: an organization admin (their subtree) or a province
admin reminds everyone behind on CPD in an organization's subtree for a period; the campaign is recorded and audited
("reports.reminders.started") and `reports.tasks.send_campaign` is enqueued when the transaction commits.
`send_campaign(campaign_id)` e-mails each person behind, claiming a `ReminderDelivery` row (unique per campaign and
person) before each e-mail, so running it twice, or two workers at once, reminds each person once. A crash between the
claim and the e-mail leaves that person unreminded rather than reminded twice. `start_monthly_campaigns()` is what the
beat job runs: one campaign per top-level organization and month (a unique key), so a second run adds nothing.
Errors are `ReminderError` with a code ("not_found", "no_period").
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from cpd.models import CPDPeriod
from people.models import Organization

from . import figures
from .models import ReminderCampaign, ReminderDelivery
from .scope import Node, may_view_reports


class ReminderError(Exception):
    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


def start_campaign(actor, *, organization_id: int, period_id: int) -> ReminderCampaign:
    """Record a manual campaign for the subtree of `organization_id` and enqueue its sending."""
    organization = (
        Organization.objects.visible_to(actor).filter(pk=organization_id).first()
        if may_view_reports(actor) and actor.has_perm("reports.add_remindercampaign") else None
    )
    if organization is None:
        raise ReminderError(_("This organization does not exist or is outside your scope."), code="not_found")
    period = CPDPeriod.objects.filter(pk=period_id).first()
    if period is None:
        raise ReminderError(_("This CPD period does not exist."), code="no_period")
    with transaction.atomic():
        campaign = ReminderCampaign.objects.create(organization=organization, period=period, created_by=actor)
        log(campaign, "reports.reminders.started", user=actor,
            data={"organization": organization.pk, "period": period.pk})
        _enqueue(campaign.pk)
    return campaign


def start_monthly_campaigns(today=None) -> list[ReminderCampaign]:
    """One scheduled campaign per top-level organization for the current period and month (idempotent)."""
    today = today or timezone.localdate()
    period = CPDPeriod.current(today)
    campaigns = []
    for organization in Organization.get_root_nodes():
        key = f"monthly:{organization.pk}:{period.pk}:{today:%Y-%m}"
        try:
            with transaction.atomic():
                campaign = ReminderCampaign.objects.create(
                    organization=organization, period=period, trigger=ReminderCampaign.Trigger.MONTHLY, key=key
                )
                log(campaign, "reports.reminders.started", data={"organization": organization.pk,
                                                                 "period": period.pk, "key": key})
                _enqueue(campaign.pk)
        except IntegrityError:  # this month's campaign exists already
            continue
        campaigns.append(campaign)
    return campaigns


def _enqueue(campaign_id: int) -> None:
    from .tasks import send_campaign as task

    transaction.on_commit(lambda: task.delay(campaign_id))


def send_campaign(campaign_id: int) -> int:
    """E-mail everyone behind in the campaign's subtree who has not been reminded by it; returns how many."""
    campaign = ReminderCampaign.objects.select_related("organization", "period").filter(pk=campaign_id).first()
    if campaign is None:
        return 0
    node = Node(organization=campaign.organization)
    period = campaign.period
    sent = 0
    for person in figures.behind(node, period).iterator(chunk_size=500):
        try:
            with transaction.atomic():
                delivery = ReminderDelivery.objects.create(
                    campaign=campaign, person=person, total_hours=person.total_hours,
                    professional_hours=person.professional_hours,
                )
        except IntegrityError:  # claimed by an earlier or a concurrent run
            continue
        _send_reminder(person, period, figures.shortfall(period, person))
        ReminderDelivery.objects.filter(pk=delivery.pk).update(sent_at=timezone.now())
        sent += 1
    ReminderCampaign.objects.filter(pk=campaign.pk).update(finished_at=timezone.now())
    return sent


def _send_reminder(person, period: CPDPeriod, missing: dict) -> None:
    context = {"person": person, "period": period, "missing": missing, "total": person.total_hours,
               "professional": person.professional_hours, "site_url": settings.WAGTAILADMIN_BASE_URL}
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Continuing education: %(hours)s hours still to go in %(period)s") % {
            "hours": missing["total"], "period": period.name}
        body = render_to_string("reports/email/cpd_reminder.txt", context)
    send_mail(subject, body, None, [person.email])
