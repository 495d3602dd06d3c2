"""Control characters are refused at the edge, once, for every text input.

No text anyone types contains NUL or the other C0 control characters (U+0000–U+001F) except tab, carriage return
and line feed, and PostgreSQL refuses NUL in text outright. `RefuseControlCharactersMiddleware` answers a request
whose path, query string (names and values) or form fields (names and values; uploaded files are not text and are
left to their own checks) contain one with the translated 400 page, before any view runs or anything is written.
"""

import re

from django.shortcuts import render

FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def has_control_characters(value: str) -> bool:
    """Whether `value` holds a C0 control character other than tab, CR and LF."""
    return FORBIDDEN.search(value) is not None


def _any_in(query_dict) -> bool:
    return any(
        has_control_characters(key) or any(has_control_characters(value) for value in values)
        for key, values in query_dict.lists()
    )


def request_has_control_characters(request) -> bool:
    """Whether the path, the query string or the posted form fields of `request` hold a forbidden character."""
    if has_control_characters(request.path) or _any_in(request.GET):
        return True
    return request.method == "POST" and request.content_type in FORM_TYPES and _any_in(request.POST)


class RefuseControlCharactersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request_has_control_characters(request):
            return render(request, "400.html", {"control_characters": True}, status=400)
        return self.get_response(request)
