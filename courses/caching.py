"""Caches of the authored, user-independent parts of course pages: the route from the catalogue to a course or
lesson (the page objects), and a course's item list. Entries live under a version token that any page save,
publication, unpublication, move or deletion replaces, so a change is visible on the next request. With Redis
(production) the token is shared by every worker; with the local-memory cache of development each process has its
own, and entries also expire after CACHE_SECONDS. Previews never read these caches, and services never do: rules
about completion always read the database.

A learner's state in a course (their enrollment and progress rows) is cached per (person, course) for the pages;
every service that writes either forgets it, at once and again when its transaction commits.
"""

from uuid import uuid4

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

VERSION_KEY = "courses:pages-version"
CACHE_SECONDS = 300
MISSING = "-"


def version() -> str:
    token = cache.get(VERSION_KEY)
    if token is None:
        cache.add(VERSION_KEY, uuid4().hex, None)
        token = cache.get(VERSION_KEY)
    return token


def bump(**kwargs) -> None:
    cache.set(VERSION_KEY, uuid4().hex, None)


def cached(name: str, compute):
    """The value of compute() under `name` for the current page version (None results are not cached)."""
    key = f"courses:{version()}:{name}"
    value = cache.get(key)
    if value is None:
        value = compute()
        if value is not None:
            cache.set(key, value, CACHE_SECONDS)
    return value


def learner_key(user_id: int, course_id: int) -> str:
    return f"courses:learner:{user_id}:{course_id}"


def forget_learners(course_id: int, user_ids) -> None:
    keys = [learner_key(user_id, course_id) for user_id in user_ids]
    if keys:
        cache.delete_many(keys)
        transaction.on_commit(lambda: cache.delete_many(keys))


@receiver(post_save, dispatch_uid="courses.caching.saved")
@receiver(post_delete, dispatch_uid="courses.caching.deleted")
def page_changed(sender, **kwargs):
    if isinstance(sender, type) and issubclass(sender, Page):
        bump()


for signal in (page_published, page_unpublished, post_page_move):
    signal.connect(bump, dispatch_uid=f"courses.caching.{id(signal)}")
