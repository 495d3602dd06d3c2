import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_home_page_is_served_in_chinese_by_default(client):
    response = client.get("/")
    assert response.status_code == 200
    assert 'lang="zh-Hans"' in response.content.decode()


def test_dashboard_requires_login(client, db):
    response = client.get(reverse("home:dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("role", ["province_admin", "jinan_admin", "trainer", "expert", "jinan_counselor"])
def test_dashboard_for_each_role(client, people, role):
    client.force_login(people[role])
    response = client.get(reverse("home:dashboard"))
    assert response.status_code == 200


@pytest.mark.parametrize("role", ["province_admin", "jinan_admin", "trainer"])
def test_admin_home_for_staff_roles(client, people, role):
    client.force_login(people[role])
    assert client.get("/admin/").status_code == 200


def test_admin_user_pages(client, people):
    client.force_login(people["jinan_admin"])
    assert client.get(reverse("wagtailusers_users:index")).status_code == 200
    assert client.get(reverse("wagtailusers_users:edit", args=[people["jinan_counselor"].pk])).status_code == 200
    assert client.get(reverse("wagtailusers_users:edit", args=[people["qingdao_counselor"].pk])).status_code == 404
    assert client.get(reverse("wagtailusers_users:add")).status_code == 200
    assert client.get(reverse("organizations:index")).status_code == 200
    assert client.get(reverse("people_import")).status_code == 200
    assert client.get(reverse("people_pending")).status_code == 200


@pytest.mark.parametrize("url_name", ["wagtailadmin_explore_root", "wagtailimages:index", "wagtaildocs:index"])
def test_province_admin_manages_content(client, people, url_name):
    client.force_login(people["province_admin"])
    assert client.get(reverse(url_name)).status_code == 200


def test_trainer_can_upload_images_but_not_manage_people(client, people):
    client.force_login(people["trainer"])
    assert client.get(reverse("wagtailimages:add")).status_code == 200
    assert client.get(reverse("wagtailusers_users:index")).status_code in (302, 403)


def test_signup_can_be_closed(client, db, settings):
    settings.LMS_SIGNUP_OPEN = False
    response = client.get(reverse("account_signup"))
    assert response.status_code == 200
    assert 'name="password1"' not in response.content.decode()
