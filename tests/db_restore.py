"""Keep the data that migrations create (the level ladder, Wagtail's root and home pages, role groups) across tests
that need a transactional database (live server, real Celery worker).

Django empties the database after such a test. With serialized rollback the migrated rows come back at the start of
the test; `restore_migrated_data` also puts them back right after the flush, so later tests, and later runs with
--reuse-db, still find them. The rows are the ones Django serialized when it set up the test database, kept here
because the connection object that carried them may have been replaced by then. The id sequences are moved past
the reloaded rows, so later tests can insert.
"""

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connections
from pytest_django.plugin import blocking_manager_key

SNAPSHOT = pytest.StashKey[dict[str, str]]()
TEST_DATABASES = pytest.StashKey[dict[str, str]]()


@pytest.fixture(scope="session")
def migrated_data_snapshot(request, django_db_setup) -> dict[str, str]:
    """The serialized rows per database alias, taken right after the test databases were set up."""
    if SNAPSHOT not in request.config.stash:
        request.config.stash[SNAPSHOT] = {
            connection.alias: connection._test_serialized_contents
            for connection in connections.all()
            if getattr(connection, "_test_serialized_contents", None)
        }
        # The names the test databases got at set-up: only those are ever flushed and reloaded here.
        request.config.stash[TEST_DATABASES] = {
            connection.alias: connection.settings_dict["NAME"] for connection in connections.all()
        }
    return request.config.stash[SNAPSHOT]


def restore_migrated_data(config: pytest.Config) -> None:
    """Reload the serialized rows (only into test databases, and only if the session serialized them)."""
    with config.stash[blocking_manager_key].unblock():
        for alias, contents in config.stash.get(SNAPSHOT, {}).items():
            connection = connections[alias]
            if connection.settings_dict["NAME"] == config.stash[TEST_DATABASES].get(alias):
                # Empty it first: the flush may have re-created content types and permissions with other ids.
                call_command("flush", database=alias, interactive=False, inhibit_post_migrate=True, verbosity=0)
                connection.creation.deserialize_db_from_string(contents)
                _reset_sequences(connection)


def _reset_sequences(connection) -> None:
    """Move the id sequences past the reloaded rows (PostgreSQL keeps them where the flush left them)."""
    statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models())
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def pytest_fixture_post_finalizer(fixturedef, request):
    """Hook body for a conftest: right after pytest-django's database helper has flushed a transactional test."""
    if fixturedef.argname == "_django_db_helper" and "transactional_db" in request.fixturenames:
        restore_migrated_data(request.config)


@pytest.fixture
def migrated_data_kept(request, migrated_data_snapshot):
    """The same as a fixture: request it before `transactional_db`, so that its clean-up runs after the flush."""
    yield
    restore_migrated_data(request.config)
