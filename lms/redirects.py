"""Where a form sends the person back to: the posted `next` when it is a path on this site, else a fallback.

A `next` that is not an absolute path on this host (`evil`, `//evil`, `https:evil`, `javascript:…`) is ignored, so
it can neither leave the site nor be taken for a view name; views read it before they change anything.
"""

from django.utils.http import url_has_allowed_host_and_scheme


def next_url(request, fallback: str) -> str:
    """The posted `next` if it is a path on this site, else `fallback` (a URL, never a view name)."""
    target = request.POST.get("next", "")
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback
