"""MFA for staff: with LMS_REQUIRE_MFA_FOR_STAFF on, trainers and administrators must set up TOTP first.

Until they have an authenticator, every page except the MFA set-up, logout, and static assets redirects them to
the TOTP activation page, so no admin screen is reachable with a password alone.
"""

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from .models import Role

STAFF_ROLES = (Role.TRAINER, Role.ORG_ADMIN, Role.PROVINCE_ADMIN, Role.EXPERT)


def needs_mfa_setup(user) -> bool:
    if not settings.LMS_REQUIRE_MFA_FOR_STAFF or not user.is_authenticated:
        return False
    if not (user.is_superuser or any(user.has_role(role) for role in STAFF_ROLES)):
        return False
    return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class RequireMFAMiddleware:
    allowed_prefixes = ("/accounts/", "/static/", "/healthz", "/i18n/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(self.allowed_prefixes) and needs_mfa_setup(request.user):
            return redirect(f"{reverse('mfa_activate_totp')}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
