"""Playwright against pytest-django's live server, driving Debian's chromium (never a downloaded browser).

Playwright's sync API runs an event loop in the test thread, so Django's async-safety guard is relaxed for these
tests; the live server needs a transactional database because it serves from another thread.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.db import connections

from tests.db_restore import migrated_data_snapshot, pytest_fixture_post_finalizer  # noqa: F401 - keep migrated rows

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SHOTS = Path(os.environ.get("LMS_SCREENSHOT_DIR", "/tmp/shots"))  # noqa: S108 - screenshots only, outside the repo


@pytest.fixture(scope="session")
def browser(migrated_data_snapshot):  # noqa: F811 - taken first, before Playwright changes the context
    from playwright.sync_api import sync_playwright

    # Only while the browser runs, so that no other test (or subprocess) inherits it.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser, migrated_data_snapshot, transactional_db, django_db_serialized_rollback, live_server):  # noqa: F811
    # Playwright's sync API runs on greenlets, which give this thread a fresh context and so fresh database
    # connection objects; hand them the serialized rows so Django's flush and rollback treat them as usual.
    for alias, contents in migrated_data_snapshot.items():
        connections[alias]._test_serialized_contents = contents
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshot(page):
    """Save a full-page screenshot of the current page under /tmp/shots/ (outside the repository)."""

    def take(name: str) -> Path:
        SHOTS.mkdir(parents=True, exist_ok=True)
        path = SHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
