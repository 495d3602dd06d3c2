"""Failed logins are rate-limited by allauth on the site login and on the Wagtail admin, which uses the same form.

allauth enforces ACCOUNT_RATE_LIMITS["login_failed"] ("10/m/ip,5/5m/key") inside the login form: once a limit is
used up the form refuses every further attempt, the correct password included, with "too many failed login
attempts" (status 200, the form shown again). The view-level "login" limit (allauth's default 30/m/ip) answers
429 Too Many Requests for any further POST from that address. The per-account limit is counted separately for
browsers that recently signed in to the account (people.known_devices): an attacker's failures slow the attacker
but do not lock the owner out of their own browser.
"""

from allauth.account.adapter import get_adapter
from django.urls import reverse

from people import known_devices
from tests.factories import DEMO_PASSWORD

LOGIN_URL = reverse("account_login")
ADMIN_LOGIN_URL = f"{LOGIN_URL}?next=/admin/"


def known_browser(client, people, email="trainer@example.cn"):
    """A second browser in which the owner signed in once (and then signed out): it carries the known cookie."""
    from django.test import Client

    owner = Client()
    assert post_login(owner, email, DEMO_PASSWORD, ip="10.9.9.9").status_code == 302
    assert known_devices.COOKIE_NAME in owner.cookies
    owner.post(reverse("account_logout"))
    cache_clear_ip_buckets()
    return owner


def cache_clear_ip_buckets():
    """Forget the per-address counts, so a test sees the per-account limit alone."""
    from django.core.cache import cache

    cache.clear()


def too_many_attempts_message() -> str:
    return str(get_adapter().error_messages["too_many_login_attempts"])


def post_login(client, email, password, url=LOGIN_URL, ip="127.0.0.1"):
    return client.post(url, {"login": email, "password": password}, REMOTE_ADDR=ip)


def is_signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def assert_locked_out(response):
    assert response.status_code == 200
    assert too_many_attempts_message() in response.context["form"].non_field_errors()


def test_five_failures_lock_the_account_even_for_the_right_password(client, people):
    for _ in range(5):
        response = post_login(client, "trainer@example.cn", "wrong-password")
        assert response.status_code == 200
        assert too_many_attempts_message() not in response.context["form"].non_field_errors()

    assert_locked_out(post_login(client, "trainer@example.cn", DEMO_PASSWORD))
    assert not is_signed_in(client)


def test_the_account_limit_holds_across_client_addresses(client, people):
    for n in range(5):
        post_login(client, "trainer@example.cn", "wrong-password", ip=f"10.0.0.{n + 1}")

    assert_locked_out(post_login(client, "trainer@example.cn", DEMO_PASSWORD, ip="10.0.0.99"))
    assert not is_signed_in(client)


def test_the_account_limit_does_not_lock_out_other_accounts(client, people):
    for _ in range(5):
        post_login(client, "trainer@example.cn", "wrong-password", ip="10.0.0.1")

    response = post_login(client, "jinan.counselor@example.cn", DEMO_PASSWORD, ip="10.0.0.2")
    assert response.status_code == 302
    assert is_signed_in(client)


def test_ten_failures_from_one_address_block_that_address(client, people):
    for n in range(10):
        post_login(client, f"nobody{n}@example.cn", "wrong-password", ip="10.1.1.1")

    assert_locked_out(post_login(client, "jinan.counselor@example.cn", DEMO_PASSWORD, ip="10.1.1.1"))
    assert not is_signed_in(client)
    # Another address is not affected.
    assert post_login(client, "jinan.counselor@example.cn", DEMO_PASSWORD, ip="10.1.1.2").status_code == 302


def test_thirty_login_posts_a_minute_from_one_address_get_429(client, people):
    for n in range(30):
        assert post_login(client, f"nobody{n}@example.cn", "wrong-password", ip="10.2.2.2").status_code == 200

    assert post_login(client, "jinan.counselor@example.cn", DEMO_PASSWORD, ip="10.2.2.2").status_code == 429
    assert not is_signed_in(client)


def test_the_admin_sends_anonymous_users_to_the_allauth_login(client, db):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == ADMIN_LOGIN_URL

    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == ADMIN_LOGIN_URL


def test_wagtails_own_login_form_cannot_be_used_to_bypass_the_limit(client, people):
    for _ in range(5):
        post_login(client, "trainer@example.cn", "wrong-password", url=ADMIN_LOGIN_URL)

    # A POST straight to Wagtail's login URL checks nothing: it is only redirected to allauth's form.
    response = post_login(client, "trainer@example.cn", DEMO_PASSWORD, url="/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == ADMIN_LOGIN_URL
    assert not is_signed_in(client)


def test_failed_admin_logins_are_limited_like_site_logins(client, people):
    """The full admin journey: /admin/ → allauth login with next=/admin/ → lockout, then 429."""
    login_url = client.get("/admin/")["Location"]
    assert login_url == ADMIN_LOGIN_URL
    assert client.get(login_url).status_code == 200

    for _ in range(5):
        assert post_login(client, "trainer@example.cn", "wrong-password", url=login_url).status_code == 200
    assert_locked_out(post_login(client, "trainer@example.cn", DEMO_PASSWORD, url=login_url))
    assert not is_signed_in(client)
    assert client.get("/admin/").status_code == 302

    for n in range(24):  # 6 posts so far; the view limit is 30 a minute per address
        post_login(client, f"nobody{n}@example.cn", "wrong-password", url=login_url)
    assert post_login(client, "trainer@example.cn", DEMO_PASSWORD, url=login_url).status_code == 429


def test_a_successful_admin_login_returns_to_the_admin(client, people):
    response = post_login(client, "trainer@example.cn", DEMO_PASSWORD, url=ADMIN_LOGIN_URL)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_wagtails_own_password_reset_is_switched_off(client, people, mailoutbox):
    """Password resets go through allauth (rate-limited); Wagtail's reset form would be a second, unlimited one."""
    assert client.get("/admin/password_reset/").status_code == 404
    for _ in range(3):
        client.post("/admin/password_reset/", {"email": "trainer@example.cn"})
    assert mailoutbox == []


def test_password_resets_through_allauth_are_limited_per_address(client, people, mailoutbox):
    url = reverse("account_reset_password")
    statuses = [client.post(url, {"email": "trainer@example.cn"}).status_code for _ in range(6)]
    assert statuses[:5] == [302] * 5
    assert statuses[5] == 429
    assert len(mailoutbox) == 5


def test_wagtails_account_page_offers_no_password_change(client, people):
    client.force_login(people["trainer"])
    response = client.get(reverse("wagtailadmin_account"))
    assert response.status_code == 200
    assert 'name="password-old_password"' not in response.content.decode()


def test_an_attacker_cannot_lock_the_owner_out_of_their_known_browser(client, people):
    owner = known_browser(client, people)
    for n in range(5):
        post_login(client, "trainer@example.cn", "wrong-password", ip=f"10.0.0.{n + 1}")
    assert_locked_out(post_login(client, "trainer@example.cn", DEMO_PASSWORD, ip="10.0.0.50"))  # attacker slowed

    response = post_login(owner, "trainer@example.cn", DEMO_PASSWORD, ip="10.3.3.3")
    assert response.status_code == 302
    assert is_signed_in(owner)


def test_the_known_browser_has_a_limit_of_its_own(client, people):
    owner = known_browser(client, people)
    for _ in range(5):
        post_login(owner, "trainer@example.cn", "wrong-password", ip="10.3.3.3")
    assert_locked_out(post_login(owner, "trainer@example.cn", DEMO_PASSWORD, ip="10.3.3.4"))
    assert not is_signed_in(owner)


def test_a_browser_known_to_another_account_gets_the_shared_limit(client, people):
    other = known_browser(client, people, email="jinan.counselor@example.cn")
    for _ in range(5):
        post_login(client, "trainer@example.cn", "wrong-password", ip="10.0.0.1")
    assert_locked_out(post_login(other, "trainer@example.cn", DEMO_PASSWORD, ip="10.0.0.2"))


def test_a_forged_known_cookie_gets_the_shared_limit(client, people):
    for _ in range(5):
        post_login(client, "trainer@example.cn", "wrong-password", ip="10.0.0.1")
    client.cookies[known_devices.COOKIE_NAME] = known_devices.account_tag("trainer@example.cn")  # unsigned
    assert_locked_out(post_login(client, "trainer@example.cn", DEMO_PASSWORD, ip="10.0.0.2"))


def test_the_address_limit_still_applies_to_a_known_browser(client, people):
    owner = known_browser(client, people)
    for n in range(10):
        post_login(owner, f"nobody{n}@example.cn", "wrong-password", ip="10.4.4.4")
    assert_locked_out(post_login(owner, "trainer@example.cn", DEMO_PASSWORD, ip="10.4.4.4"))


def test_a_failed_sign_in_does_not_make_the_browser_known(client, people):
    post_login(client, "trainer@example.cn", "wrong-password")
    assert known_devices.COOKIE_NAME not in client.cookies
    post_login(client, "trainer@example.cn", DEMO_PASSWORD)
    cookie = client.cookies[known_devices.COOKIE_NAME]
    assert cookie["httponly"] and "trainer" not in cookie.value
