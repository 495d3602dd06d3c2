"""Two workers run the same reminder campaign at the same moment (a redelivered task): each person behind gets one
e-mail, because the delivery row is claimed before sending. Needs PostgreSQL (real concurrent transactions)."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from cpd.models import CPDPeriod
from cpd.services import record_credit
from people.models import Role
from reports.models import ReminderCampaign, ReminderDelivery
from reports.services import send_campaign
from tests.factories import UserFactory
from tests.helpers import run_together

pytestmark = pytest.mark.postgres


def test_two_workers_send_one_campaign_once(transactional_db, django_db_serialized_rollback, people, tree):
    today = timezone.localdate()
    period = CPDPeriod.objects.create(name="年度", starts_on=datetime.date(today.year, 1, 1),
                                      ends_on=datetime.date(today.year, 12, 31))
    behind = [UserFactory(email=f"b{i}@example.cn", organization=tree["jinan_agency"], roles=[Role.COUNSELOR])
              for i in range(12)]
    for person in behind[:4]:
        record_credit(person, hours=Decimal("10"), category="professional", kind="course",
                      source_ref=f"c:{person.pk}", title="课程", occurred_on=today)
    campaign = ReminderCampaign.objects.create(organization=tree["jinan"], period=period)
    mail.outbox = []

    outcomes = run_together(lambda: send_campaign(campaign.pk), lambda: send_campaign(campaign.pk))

    expected = {person.email for person in behind} | {people["jinan_counselor"].email}
    assert sum(outcomes) == len(expected), outcomes
    assert sorted(message.to[0] for message in mail.outbox) == sorted(expected)
    assert ReminderDelivery.objects.filter(campaign=campaign).count() == len(expected)
