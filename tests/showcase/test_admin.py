"""The showcase in the admin: province admins list, filter, search and edit features (subtitle, citation, photo,
order, hidden); what the source published stays as published; nobody adds or deletes features there; organization
admins, trainers, experts and counselors are refused."""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from people.models import User
from showcase.models import Feature
from tests.helpers import body, refused
from tests.showcase.conftest import make_feature, make_image

pytestmark = pytest.mark.django_db

INDEX = "showcase_features:index"


def edit_url(feature):
    return reverse("showcase_features:edit", args=[feature.pk])


def form_data(feature, **changes):
    data = {"subtitle": feature.subtitle, "citation": feature.citation, "image": feature.image_id or "",
            "rank": feature.rank}
    if feature.hidden:
        data["hidden"] = "on"
    data.update(changes)
    return data


@pytest.mark.parametrize("role", ["jinan_admin", "qingdao_admin", "trainer", "expert", "jinan_counselor"])
def test_other_roles_cannot_list_or_edit_features(client, roles, winners, role):
    client.force_login(roles[role])
    feature = winners["first"]
    assert refused(client.get(reverse(INDEX))) or client.get(reverse(INDEX)).status_code == 403
    response = client.post(edit_url(feature), form_data(feature, citation="越权修改"))
    assert refused(response) or response.status_code == 403
    feature.refresh_from_db()
    assert feature.citation != "越权修改"


def test_anonymous_visitors_are_sent_to_sign_in(client, winners):
    response = client.get(reverse(INDEX))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_province_admins_see_the_menu_the_list_and_its_filters(client, people, winners, tree):
    client.force_login(people["province_admin"])
    home = body(client.get(reverse("wagtailadmin_home")))
    assert reverse(INDEX) in home and "\\u6210\\u679c\\u5c55\\u793a" in home  # the sidebar's JSON: 成果展示
    page = body(client.get(reverse(INDEX)))
    assert "张明" in page and "被撤销者" in page  # hidden features are listed here, to be shown again
    page = body(client.get(reverse(INDEX), {"kind": "star"}))
    assert "赵敏" in page and "张明" not in page
    page = body(client.get(reverse(INDEX), {"year": "2024", "city": tree["jinan"].pk}))
    assert "泉城就业指导工作室" in page and "赵敏" not in page and "张明" not in page
    page = body(client.get(reverse(INDEX), {"hidden": "true"}))
    assert "被撤销者" in page and "李华" not in page
    page = body(client.get(reverse(INDEX), {"q": "李华"}))
    assert "李华" in page and "王芳" not in page
    assert client.get(reverse(INDEX), {"year": "abc", "city": "x"}).status_code == 200


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")  # Wagtail's rendition writer
def test_a_province_admin_edits_the_editorial_fields_only(client, people, winners):
    client.force_login(people["province_admin"])
    feature = winners["second"]
    assert "wagtail-image-chooser" in body(client.get(edit_url(feature))) or "image-chooser" in body(
        client.get(edit_url(feature)))
    image = make_image()
    response = client.post(edit_url(feature), form_data(
        feature, subtitle="青岛大学", citation="理论扎实，案例分析透彻。", image=image.pk, rank=5, hidden="on",
        title="篡改的标题", honour="特等奖", year=1999, link_url="javascript:alert(1)",
    ))
    assert response.status_code == 302, body(response)
    feature.refresh_from_db()
    assert (feature.subtitle, feature.citation, feature.image, feature.rank, feature.hidden) == (
        "青岛大学", "理论扎实，案例分析透彻。", image, 5, True)
    assert (feature.title, feature.honour, feature.year, feature.link_url) == ("李华", "二等奖", 2025, "")
    assert ModelLogEntry.objects.filter(action="wagtail.edit", object_id=str(feature.pk)).exists()


def test_nobody_adds_or_deletes_features_in_the_admin(client, people, winners):
    superuser = User.objects.create_superuser(email="root@example.cn", password="Root-Pass-2026")
    for user in (people["province_admin"], superuser):
        client.force_login(user)
        assert refused(client.get(reverse("showcase_features:add")))
        response = client.post(reverse("showcase_features:delete", args=[winners["first"].pk]))
        assert refused(response) or response.status_code == 403
        assert "showcase_features:add" not in body(client.get(reverse(INDEX)))
    assert Feature.objects.filter(pk=winners["first"].pk).exists()


def test_the_history_names_the_showcase_actions(client, people, tree):
    from showcase.services import feature, withdraw

    source = people["jinan_counselor"]
    item = feature(source, kind=Feature.Kind.STAR, group_key="award:1", group_title="之星", year=2024, city=None,
                   title="赵敏", honour="职业指导之星")
    withdraw(source, kind=Feature.Kind.STAR)
    client.force_login(people["province_admin"])
    page = body(client.get(reverse("showcase_features:history", args=[item.pk])))
    assert "已在成果展示中公开" in page and "已从成果展示中撤下" in page


def test_the_export_lists_the_features(client, people, winners):
    client.force_login(people["province_admin"])
    response = client.get(reverse(INDEX), {"export": "csv"})
    assert response.status_code == 200
    content = body(response)
    assert "张明" in content and "一等奖" in content


def test_make_feature_is_listed_with_its_city(client, people, tree):
    make_feature(title="城市展示", city=tree["qingdao"])
    client.force_login(people["province_admin"])
    assert "青岛市" in body(client.get(reverse(INDEX)))
