"""The search page: clear answers to bad queries, facets, access, pagination, and a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from library.models import ResourcePage
from standards.models import Topic
from tests.library.builders import resource

pytestmark = pytest.mark.django_db
URL = "/search/"


@pytest.mark.parametrize("query", ["", "   ", "！！！？？", "，。、", "x" * 101, "管理" * 60, "'\"<script>"])
def test_empty_garbage_and_long_queries_get_an_answer(client, query):
    response = client.get(URL, {"q": query})
    assert response.status_code == 200
    assert response.context["message"] or response.context["results"] == []


def test_restricted_resources_are_not_found_from_outside(client, people, tree):
    resource("济南内部管理办法", access=ResourcePage.Access.RESTRICTED, restricted_to=tree["jinan"])
    resource("公开的管理资料")
    client.force_login(people["qingdao_counselor"])
    hits = [hit["page"].title for hit in client.get(URL, {"q": "管理"}).context["results"]]
    assert hits == ["公开的管理资料"]
    client.force_login(people["jinan_counselor"])
    assert len(client.get(URL, {"q": "管理"}).context["results"]) == 2


def test_facets_filter_and_count(client):
    resource("就业政策汇编", kind=ResourcePage.Kind.POLICY, topics=[Topic.objects.get(code="POLICY")])
    resource("就业案例", kind=ResourcePage.Kind.CASE)
    response = client.get(URL, {"q": "就业"})
    kinds = {facet["name"]: facet["options"] for facet in response.context["facets"]}["kind"]
    assert {(code, count) for code, _label, count in kinds} == {("policy", 1), ("case", 1)}
    filtered = client.get(URL, {"q": "就业", "kind": "policy"}).context["results"]
    assert [hit["page"].title for hit in filtered] == ["就业政策汇编"]
    assert client.get(URL, {"q": "就业", "topic": "POLICY"}).context["total"] == 1
    assert client.get(URL, {"kind": "case"}).context["total"] == 1  # browsing by facet without words
    assert client.get(URL, {"q": "就业", "year": "2025"}).context["total"] == 2
    assert client.get(URL, {"q": "就业", "year": "abcd", "kind": "nonsense"}).status_code == 200


def test_pagination_keeps_the_query(client):
    for number in range(12):
        resource(f"职业咨询资料{number}")
    first = client.get(URL, {"q": "咨询"})
    assert first.context["total"] == 12 and len(first.context["results"]) == 10
    assert "q=%E5%92%A8%E8%AF%A2&amp;page=2" in first.content.decode()
    assert len(client.get(URL, {"q": "咨询", "page": "2"}).context["results"]) == 2
    assert client.get(URL, {"q": "咨询", "page": "999"}).status_code == 200


def _queries(client, params) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL, params).status_code == 200
    return len(captured)


def test_the_search_page_runs_a_fixed_number_of_queries(client, people):
    client.force_login(people["jinan_counselor"])
    topic = Topic.objects.get(code="PLAN")
    for number in range(2):
        resource(f"职业生涯规划指南{number}", summary="规划", topics=[topic])
    _queries(client, {"q": "规划"})  # warms the site root paths cache
    few = _queries(client, {"q": "规划"})
    for number in range(25):
        resource(f"生涯规划案例{number}", summary="规划", kind=ResourcePage.Kind.CASE, topics=[topic])
    assert _queries(client, {"q": "规划"}) == few
    assert _queries(client, {"q": "规划", "page": "2"}) == few


def test_the_header_search_box_and_library_link_are_on_every_page(client):
    content = client.get(reverse("search:search")).content.decode()
    assert 'action="/search/"' in content and 'href="/library/"' in content


def test_very_broad_searches_say_they_show_the_best_hits(client, monkeypatch):
    from search import views

    monkeypatch.setattr(views, "HIT_WINDOW", 3)
    for number in range(5):
        resource(f"就业指导资料{number}")
    response = client.get(URL, {"q": "就业"})
    assert response.context["capped"] and response.context["total"] == 3
    assert not client.get(URL, {"q": "资料0"}).context["capped"]
