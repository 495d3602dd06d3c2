"""Gates in front of every view: MFA for staff, and the approval gate for pending and rejected accounts.

With LMS_REQUIRE_MFA_FOR_STAFF on, trainers and administrators must set up TOTP first: until they have an
authenticator, every page except the MFA set-up, logout, and static assets redirects them to the TOTP activation
page, so no admin screen is reachable with a password alone.

A signed-in account that is pending or rejected (see `people.access`) reaches only its status: a pending one the
dashboard, its profile and its account settings, a rejected one the dashboard and its account settings. Every other
page, the admin included, answers 403 with the status page, and so does any `AccessError` a service raises.

A signed-in person without admin access (a counselor) who opens the admin gets a translated "no access to the
management site" page (403). Wagtail would send them to the login page, which sends a signed-in person back to the
admin: a loop without end.
"""

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode

from .access import AccessError, is_active_member, rejection_reason
from .models import Role, User

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


def approval_status_page(request, status: int = 403):
    """The status page of a pending or rejected account: whose approval it awaits, or why it was refused."""
    user = request.user
    rejected = user.is_authenticated and user.approval_status == User.ApprovalStatus.REJECTED
    context = {"rejection_reason": rejection_reason(user) if rejected else ""}
    return render(request, "people/not_approved.html", context, status=status)


class ApprovalGateMiddleware:
    """Only approved accounts get past this point; pending and rejected ones see their status (see `people.access`)."""

    common_prefixes = ("/accounts/", "/static/", "/healthz", "/i18n/", "/dashboard/")
    pending_prefixes = ("/profile/",)

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not is_active_member(user) and not self.allowed(request.path, user):
            return approval_status_page(request)
        return self.get_response(request)

    def allowed(self, path: str, user) -> bool:
        if path.startswith(self.common_prefixes):
            return True
        return user.approval_status == User.ApprovalStatus.PENDING and path.startswith(self.pending_prefixes)

    def process_exception(self, request, exception):
        if isinstance(exception, AccessError):
            if exception.code == "sign_in":
                return redirect(f"{reverse(settings.LOGIN_URL)}?{urlencode({'next': request.get_full_path()})}")
            return approval_status_page(request)
        return None


class AdminAccessMiddleware:
    """The admin answers a signed-in person without admin access with the "no access" page instead of a login."""

    admin_prefix = "/admin/"
    open_paths = ("/admin/login/", "/admin/logout/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.path.startswith(self.admin_prefix)
            and not request.path.startswith(self.open_paths)
            and request.user.is_authenticated
            and not request.user.has_perm("wagtailadmin.access_admin")
        ):
            return render(request, "no_admin_access.html", status=403)
        return self.get_response(request)
