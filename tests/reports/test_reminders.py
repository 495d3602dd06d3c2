"""CPD compliance reminders: a campaign e-mails each person behind once, however often its task runs; an admin can
start one only for their own subtree; the monthly job makes one campaign a month."""

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import ModelLogEntry

from reports import services
from reports.models import ReminderCampaign, ReminderDelivery

pytestmark = pytest.mark.django_db


def behind_in(city_people):
    """populate() credits 95 hours to every third counselor and 20 to the others; the target is 90."""
    return [person for person in city_people if person.email.split("@")[0][1:].isdigit()
            and int(person.email.split("@")[0][1:]) % 3 != 0]


def test_running_the_campaign_twice_sends_one_email_per_person_behind(people, populate, tree):
    made = populate(4)
    jinan_behind = behind_in([p for p in made if p.organization == tree["jinan_agency"]])
    jinan_behind.append(people["jinan_counselor"])  # no credit at all
    campaign = services.start_campaign(people["jinan_admin"], organization_id=tree["jinan"].pk,
                                       period_id=populate.period.pk)
    mail.outbox.clear()
    assert services.send_campaign(campaign.pk) == len(jinan_behind)
    assert services.send_campaign(campaign.pk) == 0  # the task run again: everyone is claimed already
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == sorted(person.email for person in jinan_behind)
    assert ReminderDelivery.objects.filter(campaign=campaign, sent_at__isnull=False).count() == len(jinan_behind)
    assert "学时" in mail.outbox[0].subject or "hours" in mail.outbox[0].subject


def test_the_admin_starts_a_campaign_from_the_report_after_confirming(jinan_client, populate, tree,
                                                                      django_capture_on_commit_callbacks):
    populate(3)
    url = reverse("reports:remind", args=[populate.period.pk])
    query = {"org": tree["jinan"].pk}
    page = jinan_client.get(url, query)
    assert page.status_code == 200
    assert not ReminderCampaign.objects.exists()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = jinan_client.post(url, query)
    assert response.status_code == 302
    campaign = ReminderCampaign.objects.get()
    assert campaign.organization == tree["jinan"] and campaign.created_by.email == "jinan.admin@example.cn"
    assert mail.outbox and all("qingdao" not in message.to[0] for message in mail.outbox)
    assert ModelLogEntry.objects.filter(action="reports.reminders.started").count() == 1


def test_an_admin_cannot_start_a_campaign_outside_their_scope(people, populate, tree):
    with pytest.raises(services.ReminderError) as error:
        services.start_campaign(people["jinan_admin"], organization_id=tree["qingdao"].pk,
                                period_id=populate.period.pk)
    assert error.value.code == "not_found"
    with pytest.raises(services.ReminderError):
        services.start_campaign(people["trainer"], organization_id=tree["jinan"].pk, period_id=populate.period.pk)
    assert not ReminderCampaign.objects.exists()


def test_the_monthly_job_makes_one_campaign_a_month(people, populate, tree, django_capture_on_commit_callbacks):
    populate(2)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        first = services.start_monthly_campaigns()
    with django_capture_on_commit_callbacks(execute=True):
        second = services.start_monthly_campaigns()
    assert len(first) == 1 and second == []
    assert ReminderCampaign.objects.get().trigger == ReminderCampaign.Trigger.MONTHLY
    sent = len(mail.outbox)
    assert sent == ReminderDelivery.objects.count() > 0
