"""The province's synonym list: seeded by a migration, applied at query time in both directions, cached and
forgotten on every edit, validated, and editable in the admin by province admins only."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.models import ModelLogEntry

from library.models import ResourcePage
from search.models import SynonymGroup
from search.synonyms import synonym_map
from tests.library.builders import resource

pytestmark = pytest.mark.django_db


def titles(query) -> set[str]:
    return {page.title for page in ResourcePage.objects.live().search(query)}


@pytest.fixture
def corpus(db):
    resource("失业人员帮扶工作指引", summary="再就业援助流程。")
    resource("零就业家庭援助办法", summary="家庭成员均无工作的认定。")
    resource("就业困难人员认定", summary="认定条件与程序。")
    resource("简历写作指导", summary="求职材料准备。")
    resource("高校毕业生就业指导", summary="求职准备。")


def test_the_seeded_list_has_the_domain_equivalents():
    assert synonym_map()["失业"] == ("失业", "零就业", "就业困难")
    assert set(synonym_map()["履历"]) == {"简历", "履历"}


def test_a_query_finds_documents_holding_its_synonyms_both_ways(corpus):
    everyone = {"失业人员帮扶工作指引", "零就业家庭援助办法", "就业困难人员认定"}
    assert titles("失业") == everyone
    assert titles("零就业") == everyone
    assert titles("就业困难") == everyone
    assert titles("履历") == {"简历写作指导"}
    assert titles("履历 指导") == {"简历写作指导"}  # a synonym unit combines with the other words


def test_the_word_as_typed_ranks_before_its_synonyms(corpus):
    ranked = [page.title for page in ResourcePage.objects.live().search("零就业")]
    assert ranked[0] == "零就业家庭援助办法"


def test_an_edit_takes_effect_at_once(corpus, django_capture_on_commit_callbacks):
    assert titles("下岗") == set()
    with django_capture_on_commit_callbacks(execute=True):
        group = SynonymGroup.objects.create(terms="下岗、失业")
    assert "失业人员帮扶工作指引" in titles("下岗")
    with django_capture_on_commit_callbacks(execute=True):
        group.is_active = False
        group.save()
    assert titles("下岗") == set()


def test_the_list_is_read_from_the_cache(corpus, django_assert_num_queries):
    synonym_map()
    with django_assert_num_queries(0):
        assert synonym_map()["简历"] == ("简历", "履历")


@pytest.mark.parametrize(
    ("terms", "code"),
    [("失业", "too_few"), ("失业、失业", "too_few"), ("失业、！！", "no_word"), ("失业、" + "长" * 41, "too_long")],
)
def test_a_group_needs_two_different_searchable_terms(terms, code):
    with pytest.raises(ValidationError) as raised:
        SynonymGroup(terms=terms).full_clean()
    assert [error.code for error in raised.value.error_dict["terms"]] == [code]


def test_terms_are_split_on_commas_and_new_lines():
    group = SynonymGroup(terms="简历，履历\n求职材料, 简历")
    group.full_clean()
    assert group.term_list() == ["简历", "履历", "求职材料"]
    assert str(group) == "简历、履历、求职材料"


def test_only_province_admins_edit_the_list_and_edits_are_logged(client, people):
    url = reverse("wagtailsnippets_search_synonymgroup:add")
    for role in ("jinan_admin", "trainer", "jinan_counselor"):
        client.force_login(people[role])
        assert client.get(url).status_code in (302, 403), role
    client.force_login(people["province_admin"])
    assert client.get(reverse("wagtailsnippets_search_synonymgroup:list")).status_code == 200
    response = client.post(url, {"terms": "见习、实习", "note": "", "is_active": "on"})
    assert response.status_code == 302
    group = SynonymGroup.objects.get(terms="见习、实习")
    assert ModelLogEntry.objects.filter(object_id=str(group.pk), action="wagtail.create").exists()
    response = client.post(url, {"terms": "见习", "note": "", "is_active": "on"})
    assert response.status_code == 200 and not SynonymGroup.objects.filter(terms="见习").exists()


def test_the_search_page_marks_the_synonym_that_found_a_page(client, corpus):
    response = client.get("/search/", {"q": "履历"})
    assert ["<mark>简历</mark>" in str(hit["title"]) for hit in response.context["results"]] == [True]
