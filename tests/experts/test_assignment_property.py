"""Property test: over randomly generated organization trees and expert pools (fixed seeds), panel assignment never
seats the subject's own people, an expert of a conflicted subtree, an inactive or out-of-term expert, nor anyone
beyond their maximum of open assignments, also after conflicts are declared and replacements seated."""

import datetime
import random

import pytest
from django.utils import timezone

from experts.models import Expert, PanelSeat
from experts.services import ExpertError, assign_panel, declare_conflict
from people.models import Organization, Role
from tests.experts.builders import make_expert, make_rubric
from tests.experts.conftest import make_claim
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def random_tree(rng: random.Random, seed: int) -> list[Organization]:
    root = Organization.add_root(name=f"省{seed}", code=f"p{seed}", kind=Organization.Kind.PROVINCE)
    nodes = [root]
    for c in range(rng.randint(2, 4)):
        city = Organization.objects.get(pk=root.pk).add_child(
            name=f"市{seed}-{c}", code=f"c{seed}-{c}", kind=Organization.Kind.CITY
        )
        nodes.append(city)
        for i in range(rng.randint(0, 3)):
            nodes.append(
                Organization.objects.get(pk=city.pk).add_child(
                    name=f"机构{seed}-{c}-{i}", code=f"i{seed}-{c}-{i}", kind=Organization.Kind.EMPLOYMENT_AGENCY
                )
            )
    return list(Organization.objects.filter(pk__in=[n.pk for n in nodes]))


def random_pool(rng, organizations, topics, seed) -> list[Expert]:
    today = timezone.localdate()
    pool = []
    for n in range(rng.randint(4, 14)):
        in_term = rng.random() > 0.15
        start = today - datetime.timedelta(days=rng.randint(1, 900))
        end = today + datetime.timedelta(days=rng.randint(0, 900)) if in_term else today - datetime.timedelta(days=1)
        pool.append(make_expert(
            rng.choice(organizations), email=f"x{seed}-{n}@example.cn", topics=rng.sample(topics, rng.randint(0, 2)),
            max_concurrent=rng.randint(1, 3), active=rng.random() > 0.15, term_start=min(start, end), term_end=end,
        ))
    return pool


def check_invariants(adapter):
    today = timezone.localdate()
    for seat in PanelSeat.objects.live().select_related("panel", "expert__organization", "expert__user"):
        claim = seat.panel.subject
        expert = seat.expert
        assert expert.user_id not in adapter.excluded_user_ids(claim)
        own = Organization.objects.get(pk=claim.counselor.organization_id)
        assert not expert.organization.path.startswith(own.path), "an expert of the subject's subtree was seated"
        assert expert.active and expert.term_start <= today <= expert.term_end
    for expert in Expert.objects.all():
        assert PanelSeat.objects.open_assignments().filter(expert=expert).count() <= expert.max_concurrent


@pytest.mark.parametrize("seed", range(20))
def test_assignment_never_seats_a_conflicted_inactive_or_overloaded_expert(seed, topics, adapter):
    rng = random.Random(seed)
    organizations = random_tree(rng, seed)
    topic_list = list(topics.values())
    pool = random_pool(rng, organizations, topic_list, seed)
    # Some experts apply themselves: their own claims must never be reviewed by them.
    applicants = [UserFactory(organization=rng.choice(organizations), roles=[Role.COUNSELOR]) for _ in range(4)]
    applicants += [rng.choice(pool).user]
    admin = UserFactory(organization=organizations[0], roles=[Role.PROVINCE_ADMIN])
    rubric = make_rubric()
    for round_ in range(8):
        claim = make_claim(rng.choice(applicants), topic=rng.choice(topic_list), title=f"申报{seed}-{round_}")
        try:
            panel = assign_panel(claim, purpose="p", rubric=rubric, size=rng.randint(1, 3), actor=admin)
        except ExpertError as error:
            assert error.code == "not_enough_experts"
            continue
        check_invariants(adapter)
        if rng.random() < 0.5:
            seat = rng.choice(list(panel.seats.live()))
            declare_conflict(seat.pk, user=seat.expert.user, reason="回避")
            check_invariants(adapter)
