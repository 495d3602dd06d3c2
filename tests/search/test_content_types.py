"""The site search covers every registered page type: resources, courses, lessons and events, with their facets."""

from decimal import Decimal

import pytest

from courses.models import CourseIndexPage, CoursePage, LessonPage
from home.models import HomePage
from search.registry import registered
from standards.models import Level, Topic
from tests.library.builders import resource
from workshops.models import WorkshopIndexPage, WorkshopPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def mixed(tree):
    home = HomePage.objects.first()
    catalogue = home.add_child(instance=CourseIndexPage(title="课程中心", slug="courses"))
    course = catalogue.add_child(
        instance=CoursePage(
            title="职业生涯规划基础", slug="plan-basics", level=Level.objects.get(code="level-5"), hours=Decimal("8"),
            summary="职业生涯规划的基本方法", objectives="能够开展规划咨询",
        )
    )
    course.topics.set(Topic.objects.filter(code="PLAN"))
    course.save()
    course.add_child(instance=LessonPage(title="第一讲　生涯规划的步骤", slug="lesson-1"))
    events = home.add_child(instance=WorkshopIndexPage(title="培训活动", slug="events"))
    events.add_child(
        instance=WorkshopPage(
            title="高校生涯规划工作坊", slug="plan-workshop", hours=Decimal("4"), organization=tree["jinan"],
            kind=WorkshopPage.Kind.WORKSHOP, summary="面向高校辅导员",
        )
    )
    resource("职业生涯规划案例集", kind="case")


def test_every_content_type_is_registered():
    assert {entry.model for entry in registered()} >= {CoursePage, LessonPage, WorkshopPage}


def test_one_search_finds_resources_courses_lessons_and_events(client, people, mixed):
    """Lessons are found by those who may read them (here a province admin); see test_search_leaks."""
    client.force_login(people["province_admin"])
    response = client.get("/search/", {"q": "规划"})
    types = {str(hit["type"]) for hit in response.context["results"]}
    assert len(types) == 4
    kinds = {code for code, _label, _count in next(f for f in response.context["facets"] if f["name"] == "kind")[
        "options"]}
    assert kinds == {"case", "workshop"}


def test_a_facet_only_some_types_have_leaves_the_others_out(client, mixed):
    hits = client.get("/search/", {"q": "规划", "level": "level-5"}).context["results"]
    assert {hit["page"].title for hit in hits} == {"职业生涯规划基础"}
    hits = client.get("/search/", {"q": "规划", "kind": "workshop"}).context["results"]
    assert [hit["page"].title for hit in hits] == ["高校生涯规划工作坊"]


def test_an_event_is_found_by_a_word_inside_its_summary(client, mixed):
    hits = client.get("/search/", {"q": "辅导"}).context["results"]
    assert "高校生涯规划工作坊" in {hit["page"].title for hit in hits}
