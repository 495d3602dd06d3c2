"""The search page on hostile or odd input: full-text operator characters and words, very long queries, unknown
facet values and bad page numbers all get a page (never a 500) and change nothing."""

import pytest

from library.models import ResourcePage
from tests.library.builders import resource

pytestmark = pytest.mark.django_db
URL = "/search/"

OPERATOR_QUERIES = [
    '"',
    '"就业',
    "就业*",
    "*",
    "title:就业",
    "body:就业 OR 1=1",
    "(就业",
    "就业)",
    "就业 AND",
    "AND",
    "OR",
    "NOT",
    "NEAR",
    "NEAR(就业 规划)",
    "就业 NEAR 规划",
    "-就业",
    "就业 -规划",
    "^就业",
    "就业 + 规划",
    "'; DROP TABLE wagtailcore_page; --",
    "_",
    "___",
    "就业\x00",
    "{就业}",
    "就业 & 规划 | 指导 ! <->",
    "就业:*",
]


@pytest.fixture
def corpus():
    resource("就业指导案例", summary="就业 规划 指导")


@pytest.mark.parametrize("query", OPERATOR_QUERIES)
def test_operator_characters_and_words_never_break_the_search(client, corpus, query):
    response = client.get(URL, {"q": query})
    assert response.status_code == (400 if "\x00" in query else 200)  # NUL: refused at the edge (lms.input)
    assert ResourcePage.objects.count() == 1


@pytest.mark.parametrize("query", ["x" * 10_000, "就业 " * 3000, " " * 10_000, "，" * 10_000])
def test_ten_thousand_characters_get_a_message(client, corpus, query):
    response = client.get(URL, {"q": query})
    assert response.status_code == 200
    assert response.context["message"]


@pytest.mark.parametrize(
    "params",
    [
        {"kind": "zzz"},
        {"topic": "nope", "q": "就业"},
        {"level": "level-99"},
        {"audience": "'\""},
        {"kind": "\x00"},
        {"topic": "就业\x00", "q": "就业\x00"},
        {"year": "abcd"},
        {"year": "0000"},
        {"year": "0001"},
        {"year": "9999"},
        {"year": "２０２５"},
        {"year": "99999999999999999999"},
        {"q": "就业", "page": "abc"},
        {"q": "就业", "page": "-1"},
        {"q": "就业", "page": "99999999999999999999999"},
        {"kind": "x" * 10_000},
    ],
)
def test_unknown_facet_values_and_bad_pages_give_a_page(client, corpus, params):
    refused_at_the_edge = any("\x00" in value for value in params.values())  # lms.input
    assert client.get(URL, params).status_code == (400 if refused_at_the_edge else 200)


def test_a_repeated_parameter_and_a_post_are_harmless(client, corpus):
    assert client.get(URL + "?q=就业&q=&kind=case&kind=zzz").status_code == 200
    assert client.post(URL, {"q": "就业"}).status_code in (200, 405)
