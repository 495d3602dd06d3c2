"""The demo loader for practice and research: every placement state and every project state, the submitted
placement's link live for re-sending, the published report and the waiting claim; running it twice changes nothing."""


import pytest
from django.db.models import Count

from cpd.models import CreditEntry, ExternalClaim
from home import demo_data, demo_practice
from practicum import services
from practicum.models import Partner, Placement, SignoffLink
from research.models import Output, ParticipationClaim, Project
from tests.library.builders import library_index

pytestmark = pytest.mark.django_db


def test_demo_practice_builds_every_state_once():
    organizations = demo_data.build_organizations()
    demo_data.build_logins(organizations)
    demo_data.build_counselors(organizations)
    library_index()
    demo_practice.load()
    demo_practice.load()
    placements = dict(Placement.objects.values_list("status").annotate(n=Count("pk")))
    assert set(placements) == set(Placement.Status.values) and all(n == 1 for n in placements.values())
    projects = dict(Project.objects.values_list("status").annotate(n=Count("pk")))
    assert projects == {"proposed": 1, "in_progress": 1, "concluded": 1}
    assert Partner.objects.values("city").distinct().count() == 3
    waiting = Placement.objects.get(status=Placement.Status.SUBMITTED)
    live = SignoffLink.objects.get(placement=waiting, used_at__isnull=True, revoked_at__isnull=True)
    assert services.link_for(services.token_for(live)) == live
    signed = Placement.objects.get(status=Placement.Status.SIGNED_OFF)
    assert CreditEntry.objects.filter(source_ref=f"practicum:{signed.pk}").count() == 1
    assert Output.objects.get().resource.live
    assert ParticipationClaim.objects.get().claim.status == ExternalClaim.Status.SUBMITTED
