"""The dashboard runs the same number of SQL queries however many people, organizations and levels there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from people.models import Organization, Role
from tests.factories import LevelRecordFactory, OrganizationFactory, UserFactory


def add_people(tree, count: int) -> None:
    for number in range(count):
        university = OrganizationFactory(
            code=f"uni-{count}-{number}", kind=Organization.Kind.UNIVERSITY, parent=tree["jinan"]
        )
        person = UserFactory(organization=university, roles=[Role.COUNSELOR])
        LevelRecordFactory(holder=person)


def queries_for(client, user) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("home:dashboard")).status_code == 200
    return len(captured)


@pytest.mark.parametrize("role", ["province_admin", "jinan_admin", "jinan_counselor"])
def test_dashboard_query_count_does_not_grow_with_data(client, people, tree, role):
    add_people(tree, 2)
    few = queries_for(client, people[role])
    add_people(tree, 40)
    many = queries_for(client, people[role])
    assert few == many
