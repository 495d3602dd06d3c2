"""The allauth adapter: e-mail login without usernames, pending accounts that may sign in but do nothing, and a
failed-login limit per account that a browser known to that account passes (see people.known_devices)."""

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from . import known_devices


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": _(
            "Too many failed sign-in attempts for this account from this browser or network. Try again in a few "
            "minutes, sign in from a browser you have used before, or reset your password."
        ),
    }

    def is_open_for_signup(self, request):
        return settings.LMS_SIGNUP_OPEN

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.email = user.email.lower()
        if commit:
            user.save()
        return user

    def _get_login_attempts_cache_key(self, request, **credentials):
        """The key of allauth's per-account ("/key") failed-login bucket: one shared by every unknown browser, and
        another for the browsers that recently signed in to the account (only the owner has those), so that an
        attacker's failures cannot lock the owner out. allauth uses this key in `pre_authenticate` (count), after a
        successful sign-in (roll the attempt back) and after a password reset (clear)."""
        key = super()._get_login_attempts_cache_key(request, **credentials)
        login = credentials.get("email", credentials.get("username", ""))
        if login and known_devices.is_known(request, login):
            return f"{key}:known"
        return key

    def post_login(self, request, user, **kwargs):
        """After a complete sign-in (password and, for staff, the second factor) the browser becomes known."""
        response = super().post_login(request, user, **kwargs)
        if user.email:
            known_devices.remember(request, response, user.email)
        return response
