"""Search quality (issue 10): compound words through Wagtail's query objects, full-width Latin, function words and
the ranked fallback, whole compounds ranked first. Run this module on SQLite and on PostgreSQL: the ranking code
differs between the two backends."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from modelsearch.query import And, Not, Or, Phrase, PlainText
from wagtail.search.utils import parse_query_string

from library.models import ResourcePage
from search.segmentation import normalize, tokens
from tests.factories import UserFactory
from tests.library.builders import resource

pytestmark = pytest.mark.django_db


def titles(query, **kwargs) -> list[str]:
    return [page.title for page in ResourcePage.objects.live().search(query, **kwargs)]


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(email="root@example.cn", is_superuser=True, is_staff=True))
    return client


COMPOUND_TITLES = {
    "校园招聘": "高校校园招聘组织实务",
    "灵活就业": "灵活就业人员社保补贴政策解读",
    "职业指导师": "四级职业指导师培训大纲",
    "swot分析": "SWOT分析在职业咨询中的应用",
}


@pytest.fixture
def compounds(db):
    for title in COMPOUND_TITLES.values():
        resource(title, summary="供从业者参考。")
    resource("公共就业服务机构工作规范", summary="岗位信息发布。")


@pytest.mark.parametrize(("query", "expected"), COMPOUND_TITLES.items())
def test_the_admin_page_search_finds_compound_queries(admin_client, compounds, query, expected):
    response = admin_client.get(reverse("wagtailadmin_pages:search"), {"q": query})
    assert response.status_code == 200
    assert expected in response.content.decode()


@pytest.mark.parametrize("query", COMPOUND_TITLES)
def test_every_query_object_wagtail_builds_is_segmented(compounds, query):
    expected = COMPOUND_TITLES[query]
    assert titles(PlainText(query)) == [expected]
    assert titles(Phrase(query)) == [expected]
    assert titles(And([PlainText(query)])) == [expected]
    assert titles(parse_query_string(f'"{query}"', operator="and")[1]) == [expected]
    assert set(titles(Or([PlainText(query), PlainText("工作规范")]))) == {expected, "公共就业服务机构工作规范"}
    assert expected not in titles(And([PlainText("参考"), Not(PlainText(query))]))


def test_a_query_with_nothing_to_search_for_finds_nothing(compounds):
    assert titles(PlainText("，。！")) == []
    assert titles(And([PlainText("？"), Phrase("、")])) == []
    assert titles(And([PlainText("校园招聘"), Not(PlainText("！"))])) == [COMPOUND_TITLES["校园招聘"]]


def test_full_width_latin_is_normalized_on_both_sides(admin_client):
    resource("ＳＷＯＴ分析入门", summary="全角字母的标题。")
    resource("HR面试技巧", summary="半角字母的标题。")
    assert normalize("ＳＷＯＴ ＨＲ １２３") == "swot hr 123"
    assert tokens("ＳＷＯＴ分析") == ["swot", "分析"]
    assert titles("swot") == ["ＳＷＯＴ分析入门"]
    assert titles("SWOT分析") == ["ＳＷＯＴ分析入门"]
    assert titles("ＨＲ") == ["HR面试技巧"]
    assert titles(PlainText("ｈｒ面试")) == ["HR面试技巧"]
    response = admin_client.get(reverse("wagtailadmin_pages:search"), {"q": "ＳＷＯＴ"})
    assert "ＳＷＯＴ分析入门" in response.content.decode()


@pytest.fixture
def questions(db):
    resource("识别虚假招聘信息的五个方法", summary="虚假招聘的常见特征与防范。")
    resource("招聘会现场组织", summary="招聘会的场地与流程。")
    resource("面试技巧训练", summary="结构化面试的准备。")


def test_function_words_are_dropped_from_a_question(client, questions):
    assert titles("如何识别虚假招聘") == ["识别虚假招聘信息的五个方法"]
    assert titles("虚假招聘是什么") == ["识别虚假招聘信息的五个方法"]
    response = client.get("/search/", {"q": "如何识别虚假招聘"})
    assert [hit["page"].title for hit in response.context["results"]] == ["识别虚假招聘信息的五个方法"]


def test_the_marks_show_the_words_searched_not_the_function_words(client, questions):
    response = client.get("/search/", {"q": "如何识别虚假招聘"})
    title = str(response.context["results"][0]["title"])
    assert "<mark>识别</mark>" in title and "<mark>虚假</mark>" in title
    assert "<mark>如何</mark>" not in response.content.decode()


def test_a_query_of_function_words_only_still_searches_them(questions):
    resource("什么是职业指导", summary="入门。")
    assert titles("什么") == ["什么是职业指导"]


def test_when_nothing_holds_every_word_the_best_partial_matches_come_ranked(client, questions):
    ranked = titles("识别虚假招聘的宇航员")
    assert ranked[0] == "识别虚假招聘信息的五个方法"
    assert set(ranked) == {"识别虚假招聘信息的五个方法", "招聘会现场组织"}
    response = client.get("/search/", {"q": "识别 虚假 招聘 宇航员"})
    assert response.context["results"][0]["page"].title == "识别虚假招聘信息的五个方法"
    assert response.context["total"] == 2


def test_the_partial_match_is_only_a_fallback(questions):
    assert titles("虚假招聘") == ["识别虚假招聘信息的五个方法"]
    assert titles("宇航员 火星") == []


def test_counts_and_later_pages_agree_with_the_fallback(questions):
    results = ResourcePage.objects.live().search("招聘 宇航员")
    assert results.count() == 2
    assert len(results[1:]) == 1
    fresh = ResourcePage.objects.live().search("招聘 宇航员")
    assert len(fresh[1:5]) == 1  # a later page read first still finds the fallback's hits


def test_the_fallback_costs_one_query_and_a_full_match_none(questions, django_assert_num_queries):
    list(ResourcePage.objects.live().search("虚假招聘"))  # warms the synonym cache
    with django_assert_num_queries(1):
        assert len(list(ResourcePage.objects.live().search("虚假招聘"))) == 1
    with django_assert_num_queries(2):
        assert len(list(ResourcePage.objects.live().search("虚假 宇航员"))) == 1


@pytest.mark.parametrize(
    ("compound", "part"), [("研究生", "研究"), ("训练营", "训练"), ("工作室", "工作")]
)
def test_documents_holding_the_whole_compound_rank_first(compound, part):
    for number in range(4):
        resource(f"{part}{part}实务{number}", summary=f"{part}的方法与{part}的要点，{part}案例。")
    resource("毕业去向手册", summary=f"面向{compound}的说明。")
    assert titles(compound)[0] == "毕业去向手册"
    assert len(titles(compound)) == 5  # the part still finds the others, after the compound


def test_a_whole_compound_in_the_body_outranks_its_part_in_the_title_on_the_search_page(client):
    for number in range(3):
        resource(f"就业形势研究报告{number}", summary="研究方法。")
    resource("毕业去向手册", summary="面向研究生的就业指导。")
    response = client.get("/search/", {"q": "研究生"})
    assert response.context["results"][0]["page"].title == "毕业去向手册"


def test_the_search_page_runs_a_fixed_number_of_queries_on_the_fallback(client, questions):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/search/", {"q": "招聘 宇航员"}).context["total"] >= 1
        return len(captured)

    queries()  # warms the site root paths and the synonym list
    few = queries()
    for number in range(25):
        resource(f"招聘信息汇编{number}", summary="岗位信息。")
    assert queries() == few
