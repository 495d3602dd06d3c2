"""Chinese words are found inside longer words, on SQLite and PostgreSQL alike (run this module on both), title
matches rank first, and the admin's page search benefits too."""

import pytest
from django.urls import reverse

from library.models import ResourcePage
from search.segmentation import query_tokens, segment, tokens
from tests.factories import UserFactory
from tests.library.builders import resource

pytestmark = pytest.mark.django_db

CORPUS = [
    ("学习管理系统使用手册", "本手册介绍平台的基本操作。"),
    ("失业人员帮扶工作指引", "面向失业人员再就业援助的服务流程与政策要点。"),
    ("高校毕业生就业指导案例", "通过职业生涯规划帮助毕业生明确方向，并开展职业能力测评。"),
    ("公共就业服务机构工作规范", "招聘管理系统的使用与岗位信息发布。"),
]


@pytest.fixture
def corpus(db):
    return {title: resource(title, summary=body, body=body) for title, body in CORPUS}


def titles(queryset, query):
    return [page.title for page in queryset.search(query)]


def test_segmentation_splits_compound_words():
    assert {"管理", "系统"} <= set(tokens("学习管理系统"))
    assert segment("职业生涯规划！") == " ".join(tokens("职业生涯规划"))
    assert query_tokens("学习管理系统") == ["学习", "管理", "系统"]
    assert tokens("，。！？ ") == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("管理", {"学习管理系统使用手册", "公共就业服务机构工作规范"}),  # title, and body only
        ("援助", {"失业人员帮扶工作指引"}),
        ("规划", {"高校毕业生就业指导案例"}),
        ("测评", {"高校毕业生就业指导案例"}),
        ("毕业生", {"高校毕业生就业指导案例"}),
        ("就业", {"失业人员帮扶工作指引", "高校毕业生就业指导案例", "公共就业服务机构工作规范"}),
        ("职业规划", {"高校毕业生就业指导案例"}),  # 职业 and 规划, inside 职业生涯规划
    ],
)
def test_two_character_words_are_found_inside_longer_words(corpus, query, expected):
    found = set(titles(ResourcePage.objects.live(), query))
    if query == "职业规划":
        expected = {"高校毕业生就业指导案例"}
    assert found == expected


def test_title_matches_rank_above_body_matches(corpus):
    assert titles(ResourcePage.objects.live(), "管理")[0] == "学习管理系统使用手册"
    resource("职业规划入门", summary="入门读物")
    ranked = titles(ResourcePage.objects.live(), "规划")
    assert ranked[0] == "职业规划入门"


def test_the_search_page_finds_and_highlights(client, corpus):
    response = client.get(reverse("search:search"), {"q": "援助"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "失业人员帮扶工作指引" in content
    assert "<mark>援助</mark>" in content


def test_title_ranks_first_on_the_search_page(client, corpus):
    response = client.get(reverse("search:search"), {"q": "管理"})
    hits = [hit["page"].title for hit in response.context["results"]]
    assert hits == ["学习管理系统使用手册", "公共就业服务机构工作规范"]


def test_admin_page_search_finds_words_inside_titles(client, corpus):
    client.force_login(UserFactory(email="root@example.cn", is_superuser=True, is_staff=True))
    response = client.get(reverse("wagtailadmin_pages:search"), {"q": "管理"})
    assert response.status_code == 200
    assert "学习管理系统使用手册" in response.content.decode()


def test_reindexing_after_an_edit_finds_the_new_words(corpus):
    page = ResourcePage.objects.get(title="学习管理系统使用手册")
    page.title = "在线培训平台使用手册"
    page.save_revision().publish()
    assert "在线培训平台使用手册" in titles(ResourcePage.objects.live(), "培训")
    assert "在线培训平台使用手册" not in titles(ResourcePage.objects.live(), "管理")
