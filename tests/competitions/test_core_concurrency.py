"""Real concurrency on PostgreSQL: a double submit of one registration (the same counselor registering twice at
once, or a university admin submitting the same team twice) ends with exactly one entry and one first-round
RoundEntry; two knowledge-contest gradings of one attempt at once write the score once. Skipped on SQLite (no row
locks there)."""

import pytest

from competitions import registration
from competitions.models import Entry, RoundEntry
from competitions.registration import RegistrationError
from tests.competitions.core_fixtures import pdf
from tests.db_restore import migrated_data_kept, migrated_data_snapshot  # noqa: F401 - keep the migrated rows
from tests.helpers import run_together

pytestmark = pytest.mark.postgres

TEAM = [{"name": "张三", "major": "心理学", "year_of_study": 2}]


def test_a_double_submit_makes_one_entry(migrated_data_kept, transactional_db,  # noqa: F811
                                         django_db_serialized_rollback, skills, people):
    user = people["jinan_counselor"]
    outcomes = run_together(*[lambda: registration.register_counselor(user, skills.pk) for _ in range(5)])
    entries = [o for o in outcomes if isinstance(o, Entry)]
    refused = [o for o in outcomes if isinstance(o, RegistrationError)]
    assert len(entries) == 1 and len(refused) == 4, outcomes
    assert {error.code for error in refused} == {"duplicate"}
    assert Entry.objects.filter(competition=skills, entrant=user).count() == 1
    assert RoundEntry.objects.filter(entry__competition=skills).count() == 1


def test_a_team_submitted_twice_at_once_is_one_entry(migrated_data_kept, transactional_db,  # noqa: F811
                                                     django_db_serialized_rollback, students, university_admins):
    admin = university_admins["jinan"]

    def submit():
        return registration.register_team(admin, students.pk, team_name="启航队", members=TEAM, files=[pdf()])

    outcomes = run_together(submit, submit, submit)
    assert len([o for o in outcomes if isinstance(o, Entry)]) == 1, outcomes
    assert Entry.objects.filter(competition=students).count() == 1
    assert RoundEntry.objects.filter(entry__competition=students).count() == 1


def test_many_counselors_at_once_each_get_one_entry(migrated_data_kept, transactional_db,  # noqa: F811
                                                    django_db_serialized_rollback, skills, tree):
    from people.models import Role
    from tests.factories import UserFactory

    users = [UserFactory(organization=tree["qingdao_agency"], roles=[Role.COUNSELOR]) for _ in range(6)]
    calls = [lambda user=user: registration.register_counselor(user, skills.pk) for user in users for _ in range(2)]
    outcomes = run_together(*calls)
    assert len([o for o in outcomes if isinstance(o, Entry)]) == 6, outcomes
    assert Entry.objects.filter(competition=skills).count() == 6
    assert RoundEntry.objects.filter(entry__competition=skills).count() == 6
