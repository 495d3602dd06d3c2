"""Fixtures of the competitions tests. The core fixtures (competitions open for registration, university admins,
the knowledge contest) live in core_fixtures.py; the results half adds its own module beside it."""

from tests.competitions.core_fixtures import *  # noqa: F403
