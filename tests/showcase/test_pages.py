"""The public pages: everyone approved (or anonymous) reads them, hidden features never show, the honour roll is in
order, filters narrow it, and odd input gets a clear answer, never a 500."""

import pytest
from django.urls import reverse

from showcase.models import Feature
from tests.helpers import body
from tests.showcase.conftest import make_feature

pytestmark = pytest.mark.django_db

READERS = ["anonymous", "jinan_counselor", "trainer", "jinan_admin", "qingdao_admin", "province_admin", "expert"]


def urls(winners):
    return [reverse("showcase:hub"), reverse("showcase:kind", args=["competition"]),
            reverse("showcase:kind", args=["gold_course"]), reverse("showcase:group", args=["competition:1"])]


@pytest.mark.parametrize("role", READERS)
def test_every_approved_role_and_anonymous_visitors_read_every_page(client, roles, winners, role):
    if role != "anonymous":
        client.force_login(roles[role])
    for url in urls(winners):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "张明" in body(response) or "大学生生涯规划第一课" in body(response)


@pytest.mark.parametrize("role", ["pending", "rejected"])
def test_pending_and_rejected_accounts_see_their_status_as_everywhere(client, roles, winners, role):
    client.force_login(roles[role])
    for url in urls(winners):
        response = client.get(url)
        assert response.status_code == 403 and "张明" not in body(response)


def test_the_hub_shows_each_section_with_cards_and_counts(client, winners):
    page = body(client.get(reverse("showcase:hub")))
    for text in ("成果展示", "竞赛获奖", "职业指导金课", "职业指导金牌工作室", "职业指导之星",
                 "2025年山东省职业指导技能竞赛", "张明", "济南市公共就业服务中心", "大学生生涯规划第一课",
                 "泉城就业指导工作室", "赵敏", "一等奖"):
        assert text in page, text
    assert reverse("showcase:group", args=["competition:1"]) in page
    assert 'href="https://example.cn/course"' in page and 'rel="noopener noreferrer"' in page
    assert "showcase-medal.svg" in page  # the placeholder where there is no photo


def test_hidden_features_are_never_shown(client, winners, tree):
    only_hidden = make_feature(group_key="competition:9", group_title="已撤回的竞赛", hidden=True, title="隐身者")
    for url in (reverse("showcase:hub"), reverse("showcase:kind", args=["competition"]),
                reverse("showcase:group", args=["competition:1"]), "/"):
        page = body(client.get(url))
        assert "被撤销者" not in page and "隐身者" not in page and "已撤回的竞赛" not in page
    assert client.get(reverse("showcase:group", args=[only_hidden.group_key])).status_code == 404


def test_a_group_page_lists_the_winners_in_roll_order(client, winners):
    make_feature(title="优秀选手", honour="优秀奖", rank=0)
    make_feature(title="特别贡献者", honour="最佳风采奖", rank=0)
    make_feature(title="并列一等奖", honour="一等奖", rank=2)
    page = body(client.get(reverse("showcase:group", args=["competition:1"])))
    order = ["张明", "并列一等奖", "李华", "王芳", "优秀选手", "特别贡献者"]
    assert [page.index(name) for name in order] == sorted(page.index(name) for name in order)
    assert "2025年山东省职业指导技能竞赛" in page and "最佳风采奖" in page


def test_the_full_citation_is_behind_a_details_element_and_the_card_shows_an_excerpt(client, winners):
    page = body(client.get(reverse("showcase:group", args=["competition:1"])))
    excerpt = page.split('class="honour-citation">', 1)[1].split("</p>", 1)[0]
    assert len(excerpt) < len(winners["first"].citation) and "<details" in page and "阅读表彰全文" in page
    assert winners["first"].citation in page


@pytest.mark.parametrize("url", ["/showcase/nope/", "/showcase/group/", "/showcase/group/competition:404/",
                                 "/showcase/group/%E7%AB%9E%E8%B5%9B/", "/showcase/group/" + "x" * 81 + "/"])
def test_unknown_kinds_and_groups_are_404(client, winners, url):
    assert client.get(url).status_code == 404


def test_odd_group_keys_are_looked_up_safely(client, tree):
    make_feature(group_key="竞赛 2025.决赛", group_title="带空格的分组", title="奇特键")
    response = client.get(reverse("showcase:group", args=["竞赛 2025.决赛"]))
    assert response.status_code == 200 and "奇特键" in body(response)


def test_filters_by_year_and_city(client, winners, tree):
    page = body(client.get(reverse("showcase:hub"), {"year": "2024"}))
    assert "大学生生涯规划第一课" in page and "张明" not in page
    page = body(client.get(reverse("showcase:kind", args=["competition"]), {"city": tree["qingdao"].pk}))
    assert "李华" in page and "张明" not in page and "王芳" not in page
    page = body(client.get(reverse("showcase:hub"), {"year": "2024", "city": tree["qingdao"].pk}))
    assert "赵敏" in page and "泉城就业指导工作室" not in page


def test_choosing_a_kind_on_the_hub_opens_its_page_with_the_same_filters(client, winners, tree):
    response = client.get(reverse("showcase:hub"), {"kind": "star", "year": "2024", "city": tree["qingdao"].pk})
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('showcase:kind', args=['star'])}?year=2024&city={tree['qingdao'].pk}"


@pytest.mark.parametrize(("query", "message"), [
    ({"year": "abc"}, "没有该年份的成果"),
    ({"year": "1999"}, "没有该年份的成果"),
    ({"city": "999999"}, "没有该城市的成果"),
    ({"city": "济南"}, "没有该城市的成果"),
    ({"kind": "nope"}, "没有这一类表彰"),
])
def test_bad_filters_are_explained_and_left_off(client, winners, query, message):
    response = client.get(reverse("showcase:hub"), query)
    assert response.status_code == 400
    page = body(response)
    assert message in page and "张明" in page and "大学生生涯规划第一课" in page
    assert "public" not in response.get("Cache-Control", "")


def test_a_bad_filter_on_a_kind_page_keeps_the_other_one(client, winners, tree):
    response = client.get(reverse("showcase:kind", args=["competition"]), {"year": "abc", "city": tree["qingdao"].pk})
    assert response.status_code == 400
    page = body(response)
    assert "李华" in page and "张明" not in page


@pytest.mark.parametrize("page", ["abc", "0", "-1", "99999", "99999999999999999999", "2.5"])
def test_odd_page_numbers_show_a_page(client, winners, page):
    for url in (reverse("showcase:kind", args=["competition"]), reverse("showcase:group", args=["competition:1"])):
        response = client.get(url, {"page": page})
        assert response.status_code == 200 and "张明" in body(response)


def test_kind_pages_are_paginated_and_keep_the_filters(client, tree):
    for index in range(30):
        make_feature(kind=Feature.Kind.GOLD_COURSE, group_key="award:1", group_title="金课", title=f"金课{index:02d}",
                     honour="职业指导金课", rank=index, year=2024)
    first = body(client.get(reverse("showcase:kind", args=["gold_course"]), {"year": "2024"}))
    assert "金课00" in first and "金课29" not in first and "第 1 页，共 2 页" in first
    assert "?year=2024&amp;page=2" in first
    second = body(client.get(reverse("showcase:kind", args=["gold_course"]), {"year": "2024", "page": "2"}))
    assert "金课29" in second and "金课00" not in second


def test_links_that_are_not_http_or_a_site_path_are_dropped(client, tree):
    make_feature(title="危险链接", link_url="javascript:alert(1)")
    make_feature(title="协议相对链接", link_url="//evil.example/x")
    make_feature(title="反斜杠链接", link_url="/\\evil.example")
    page = body(client.get(reverse("showcase:group", args=["competition:1"])))
    assert "javascript:" not in page and "evil.example" not in page and "危险链接" in page


def test_the_site_navigation_links_to_the_showcase(client, db):
    page = body(client.get(reverse("showcase:hub")))
    assert f'href="{reverse("showcase:hub")}" aria-current="page">成果展示' in page
    assert "还没有发布任何成果" in page


def test_the_home_page_strip_shows_only_when_there_are_features(client, db, django_capture_on_commit_callbacks):
    assert "最新表彰" not in body(client.get("/"))
    with django_capture_on_commit_callbacks(execute=True):
        make_feature(title="最新获奖者")
        make_feature(title="隐藏获奖者", hidden=True)
    page = body(client.get("/"))
    assert "最新表彰" in page and "最新获奖者" in page and "隐藏获奖者" not in page


def test_english_visitors_read_the_labels_in_english(client, winners, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = body(client.get(reverse("showcase:group", args=["competition:1"])))
    assert "First prize" in page and "Showcase" in page
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert "一等奖" in body(client.get(reverse("showcase:group", args=["competition:1"])))
