"""The Content-Security-Policy and X-Frame-Options of a response, chosen together by path.

The site (everything outside the Wagtail admin) runs no inline script: scripts come from the site itself, and an
inline script, should one ever be needed, must carry the request's nonce (`nonce="{{ request.csp_nonce }}"`); the
policy names the nonce only on pages that use it. Pages may not be framed (`frame-ancestors 'none'`, X-Frame-Options
DENY). The Wagtail admin, whose screens still rely on inline scripts and styles, keeps 'unsafe-inline' and may be
framed by itself (`frame-ancestors 'self'`, SAMEORIGIN), which its live preview of pages and snippets needs.
Django's XFrameOptionsMiddleware writes the setting's DENY first; this middleware runs outside it and replaces the
value for the admin, so the two headers always say the same thing.
"""

from csp.constants import HEADER, SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts

ADMIN_PREFIX = "/admin/"
ADMIN_POLICY = {
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "frame-ancestors": [SELF],
}
ADMIN_FRAMING = "SAMEORIGIN"
SITE_FRAMING = "DENY"


def is_admin(request) -> bool:
    return request.path_info.startswith(ADMIN_PREFIX)


class PolicyByPathMiddleware(CSPMiddleware):
    """django-csp's middleware with the admin's relaxation applied to admin paths only."""

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if is_admin(request) and not report_only:
            parts.replace = {**ADMIN_POLICY, **(parts.replace or {})}
        return parts

    def process_response(self, request, response):
        if is_admin(request):
            # Wagtail renders a preview by running a made-up request for the page's own (site) path through the
            # middleware, which gives it the site's policy; the admin's replaces it, or the preview panel could not
            # frame it.
            del response[HEADER]
            response = super().process_response(request, response)
            response["X-Frame-Options"] = ADMIN_FRAMING
            return response
        return super().process_response(request, response)

