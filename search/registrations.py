"""The page types the site search covers. Add a content type with one register() call here.

Each type's `visible` rule admits only pages the visitor could open, and its snippet only fields they may read:
resources by the library's access rule (closed ones are never hits), lessons only for their enrolled learners and
course team (courses.reading), course summaries and event descriptions for everyone.
"""

from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from courses.models import CoursePage, LessonPage
from courses.reading import readable_lessons
from library.access import openable
from library.models import ResourcePage
from workshops.models import WorkshopPage

from .registry import SearchableType, register


def _stream_text(value) -> str:
    return " ".join(strip_tags(str(text)) for text in value.stream_block.get_searchable_content(value))


def register_all() -> None:
    register(
        SearchableType(
            model=ResourcePage,
            label=_("Resource"),
            facets={"kind": "kind", "topic": "topics__code", "level": "levels__code", "audience": "audience"},
            facet_choices={"kind": ResourcePage.Kind.choices},
            date_field="published_on",
            snippet=lambda page: [page.summary, _stream_text(page.body)],
            visible=openable,
            prefetch=("topics",),
        )
    )
    register(
        SearchableType(
            model=CoursePage,
            label=_("Course"),
            facets={"topic": "topics__code", "level": "level__code", "audience": "audience"},
            snippet=lambda page: [page.summary],
            prefetch=("topics",),
        )
    )
    register(
        SearchableType(
            model=LessonPage,
            label=_("Lesson"),
            snippet=lambda page: [_stream_text(page.body)],
            visible=readable_lessons,  # only the enrolled and the course team find lessons, by title or text
        )
    )
    register(
        SearchableType(
            model=WorkshopPage,
            label=_("Event"),
            facets={"kind": "kind", "topic": "topics__code", "level": "level__code", "audience": "audience"},
            facet_choices={"kind": WorkshopPage.Kind.choices},
            snippet=lambda page: [page.summary, strip_tags(page.description)],
            prefetch=("topics",),
        )
    )
