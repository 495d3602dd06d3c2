"""Builders for the expert pool tests and the demo data: experts, rubrics and a claim-based panel subject."""

import datetime
from decimal import Decimal

from django.utils import timezone

from experts.models import Expert, Rubric, RubricCriterion
from people.models import Role
from tests.factories import UserFactory


def make_expert(organization, *, email=None, topics=(), tier=Expert.Tier.CITY, max_concurrent=5, active=True,
                term_start=None, term_end=None, real_name=None) -> Expert:
    """An expert (with the 专家 role) serving from last year to three years ahead unless told otherwise."""
    today = timezone.localdate()
    fields = {"organization": organization, "roles": [Role.EXPERT]}
    if email:
        fields["email"] = email
    if real_name:
        fields["real_name"] = real_name
    user = UserFactory(**fields)
    expert = Expert.objects.create(
        user=user, organization=organization, tier=tier, max_concurrent=max_concurrent, active=active,
        term_start=term_start or today - datetime.timedelta(days=365),
        term_end=term_end or today + datetime.timedelta(days=3 * 365),
    )
    expert.specialties.set(topics)
    return expert


def make_rubric(name="技能考核评分表", criteria=(("职业指导方案设计", 40, 100), ("咨询过程与技巧", 40, 100),
                                              ("职业道德与规范", 20, 100))) -> Rubric:
    rubric = Rubric.objects.create(name=name)
    for order, (label, weight, max_score) in enumerate(criteria):
        RubricCriterion.objects.create(
            rubric=rubric, label=label, weight=Decimal(weight), max_score=Decimal(max_score), sort_order=order
        )
    return rubric


def full_marks(rubric, value=80) -> dict:
    return {criterion.pk: Decimal(value) for criterion in rubric.criteria.all()}
