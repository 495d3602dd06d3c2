"""Known browsers: the per-account limit on failed sign-ins must slow an attacker without locking the owner out.

allauth counts failed sign-ins per client address and per account (ACCOUNT_RATE_LIMITS["login_failed"]). Counted
per account alone, anyone who knows an address could lock its owner out (five wrong passwords, five minutes), for
example during an exam. So the per-account count is kept per browser class: a browser that signed in successfully to
an account within the last `MAX_AGE` carries a signed cookie naming that account (as a keyed hash, never the
address), and its attempts are counted in a bucket of its own. Failures from unknown browsers use up the shared
bucket only; the owner's browser still has its full budget, and the per-address limit applies to everyone.
"""

from django.conf import settings
from django.core import signing
from django.utils.crypto import salted_hmac

COOKIE_NAME = "lms_known_device"
SALT = "people.known_devices"
MAX_AGE = 60 * 60 * 24 * 90  # 90 days
MAX_ACCOUNTS = 5  # accounts remembered per browser (a shared office computer)


def account_tag(login: str) -> str:
    """A keyed hash of a login (e-mail address), so the cookie does not reveal which accounts used the browser."""
    return salted_hmac(SALT, login.strip().lower()).hexdigest()[:32]


def known_tags(request) -> list[str]:
    """The account tags of the request's known-device cookie; empty when it is missing, forged or expired."""
    try:
        value = request.get_signed_cookie(COOKIE_NAME, salt=SALT, max_age=MAX_AGE)
    except (KeyError, signing.BadSignature):
        return []
    return [tag for tag in value.split(",") if tag][:MAX_ACCOUNTS]


def is_known(request, login: str) -> bool:
    return account_tag(login) in known_tags(request)


def remember(request, response, login: str) -> None:
    """Mark this browser as known for `login` (most recent first), renewing the cookie's lifetime."""
    tag = account_tag(login)
    tags = [tag, *(other for other in known_tags(request) if other != tag)][:MAX_ACCOUNTS]
    response.set_signed_cookie(
        COOKIE_NAME, ",".join(tags), salt=SALT, max_age=MAX_AGE, httponly=True,
        secure=settings.SESSION_COOKIE_SECURE, samesite="Lax",
    )
