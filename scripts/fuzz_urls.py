"""Fuzz every URL of the site and the admin for server errors (5xx), in-process, over the demo data.

Usage:
    .venv/bin/python scripts/fuzz_urls.py [--quick] [--only=competitions/,admin/awards/]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lms_fuzz .venv/bin/python scripts/fuzz_urls.py

It creates a throwaway test database (SQLite `fuzz-db.sqlite3`, or `test_<name>` on the PostgreSQL server named by
DATABASE_URL), loads the demo data into it, and drives Django's test client (no server needed) over:

- every pattern of the URL resolver (site, accounts, admin, documents), its parameters filled with real demo ids
  and then with odd values: NUL bytes, 999999999999999999999, -1, 0, malformed dates, 10 kB strings, `%00`;
- every Wagtail page of the demo site;
- odd query strings (`q`, `page`, `p`, `year`, `month`, `date`, `ordering`, `next` …) and odd form fields
  (`next` = `//evil`, `https:evil`, `javascript:…`, `evil`, `%00`; 10 kB strings; NUL bytes);

with GET and POST, as an anonymous visitor, a counselor, a pending applicant, an organization admin and a province
admin. The test client does not enforce CSRF, which stands for posting with a valid token. POSTs that delete come
last, so the rest run over the full demo data. It prints every 5xx (method, role, URL, exception) and the count;
the exit status is 1 when there is any. `--quick` tries one odd value per parameter (for a fast look); `--only`
keeps the URL patterns and pages whose path starts with one of the given prefixes (after a change to a few apps).
"""

import os
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.test")
os.environ.setdefault("TEST_SQLITE_NAME", "fuzz-db.sqlite3")
_scratch = tempfile.mkdtemp(prefix="fuzz-media-")
os.environ.setdefault("MEDIA_ROOT", str(Path(_scratch) / "media"))
os.environ.setdefault("PRIVATE_MEDIA_ROOT", str(Path(_scratch) / "private"))

import logging  # noqa: E402

import django  # noqa: E402

django.setup()
logging.disable(logging.CRITICAL)  # every refusal would log a warning; the 5xx are collected and printed below

from django.apps import apps  # noqa: E402
from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import URLPattern, URLResolver, get_resolver  # noqa: E402
from django.urls.resolvers import RegexPattern, RoutePattern  # noqa: E402

ROLES = {
    "anonymous": None,
    "counselor": "counselor@demo.example",
    "applicant": "applicant1@demo.example",
    "org_admin": "jinan.admin@demo.example",
    "province_admin": "province@demo.example",
}
LONG = "长" * 10_000
ODD_PATH_VALUES = ["%00", "999999999999999999999", "-1", "0", "2026-13-45", "x" * 10_000, "%E4%B8", "a%01b"]
ODD_NEXT = ["//evil.example", "https:evil", "javascript:alert(1)", "evil", "%00", "/\\evil.example"]
ODD_QUERY = {
    "q": [LONG, "'\"<>", "就业 -规划"], "page": ["999999999999999999999", "-1", "abc"],
    "p": ["999999999999999999999", "-1"], "year": ["99999999", "0000", "abcd"], "month": ["2026-13", "13", "-1"],
    "date": ["2026-02-30", "0000-00-00", "99999-01-01"], "ordering": ["-nonexistent", LONG],
    "next": ODD_NEXT, "kind": [LONG, "0"], "topic": ["zzz"], "level": ["999999999999999999999"],
    "status": ["zzz"], "organization": ["999999999999999999999", "-1", "abc"],
    "id": ["abc", "999999999999999999999"],  # choosers' chosen-multiple/?id=…
}
ODD_FORM = {
    "next": ODD_NEXT, "q": [LONG], "action": ["submit", "remove", "add", LONG],
    "reason": [LONG], "decision": ["approve", "reject", "zzz"], "code": [LONG, "a.b.c"],
    "hours": ["999999999999999999999", "-1", "NaN", "1e400"], "occurred_on": ["2026-02-30", "99999-01-01"],
    "rating": ["999999999999999999999", "-1"], "email": [LONG + "@x.cn", "not-an-address"], "real_name": [LONG],
    "present": ["999999999999999999999", "-1"], "language": ["xx", LONG], "organization": ["-1", "abc"],
}
# URL parameter names and the models whose ids are real values for them.
ID_MODELS = {
    "course_id": "courses.CoursePage", "lesson_id": "courses.LessonPage", "enrollment_id": "courses.Enrollment",
    "quiz_id": "quizzes.QuizPage", "attempt_id": "quizzes.Attempt", "session_id": "workshops.WorkshopSession",
    "registration_id": "workshops.Registration", "attachment_id": "library.ResourceAttachment",
    "page_id": "wagtailcore.Page", "period_id": "cpd.CPDPeriod", "user_id": "people.User",
    "document_id": "library.PrivateDocument", "image_id": "wagtailimages.Image", "parent_page_id": "wagtailcore.Page",
}
SKIPPED_ROUTES = ("static/", "media/")  # files, not views
SKIPPED_POSTS = ("account_logout", "logout")  # would end the role's session


def build_route(parts) -> tuple[str, dict] | None:
    """The URL template (with {name} placeholders) and {name: converter or None} of nested resolver patterns."""
    template, params = "", {}
    for pattern in parts:
        if isinstance(pattern, RoutePattern):
            route = str(pattern)
            for name, converter in pattern.converters.items():
                params[name] = converter
            template += re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)
        elif isinstance(pattern, RegexPattern):
            regex = pattern._regex
            if re.search(r"\((?!\?P<)", regex.replace(r"\(", "")):
                return None  # unnamed groups (Wagtail's page serving): pages are fuzzed one by one instead
            for name in re.findall(r"\(\?P<(\w+)>", regex):
                params[name] = None
            text = re.sub(r"\(\?P<(\w+)>(?:[^()]|\([^()]*\))*\)", r"{\1}", regex)
            text = text.lstrip("^").rstrip("$").replace(r"\Z", "").replace("\\", "")
            if re.search(r"[\[\]*+?|]", text):
                return None
            template += text
    return "/" + template, params


def leaf_patterns(patterns=None, prefix=()):
    """(template, params, url name) of every view in the URL conf."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            yield from leaf_patterns(entry.url_patterns, (*prefix, entry.pattern))
        elif isinstance(entry, URLPattern):
            built = build_route((*prefix, entry.pattern))
            if built and not built[0].lstrip("/").startswith(SKIPPED_ROUTES):
                yield built[0], built[1], entry.name or ""


def real_ids() -> dict[str, list[str]]:
    """Real demo ids per parameter name, and a pool of small existing ids for the rest."""
    values = {}
    for name, label in ID_MODELS.items():
        model = apps.get_model(label)
        values[name] = [str(pk) for pk in model.objects.order_by("pk").values_list("pk", flat=True)[:2]] or ["1"]
    return values


def combinations(odd: dict, quick: bool) -> list[dict]:
    """Requests' worth of odd values: each takes the i-th odd value of every field at once; NUL bytes travel in a
    last request of their own, since the edge refuses them before any view could trip on the other values."""
    rounds = 1 if quick else max(len(values) for values in odd.values())
    result = [{key: values[i % len(values)] for key, values in odd.items()} for i in range(rounds)]
    result.append({key: "\x00" for key in odd})
    return result


def fill(template: str, params: dict, real: dict, odd: tuple[str, str] | None = None) -> str:
    values = {}
    for name, converter in params.items():
        if converter is not None and type(converter).__name__ in ("StringConverter", "SlugConverter"):
            values[name] = "demo"
        elif converter is not None and type(converter).__name__ == "PathConverter":
            values[name] = "demo/file.pdf"
        elif name in ("app_label",):
            values[name] = "people"
        elif name in ("model_name",):
            values[name] = "user"
        elif name == "token":
            values[name] = "demo-token"
        else:
            values[name] = (real.get(name) or real.get("_pool"))[0]
    if odd is not None:
        values[odd[0]] = odd[1]
    return template.format(**values)


class Fuzzer:
    def __init__(self):
        from people.models import User

        self.users = {role: User.objects.get(email=email) if email else None for role, email in ROLES.items()}
        self.clients = {}
        for role, user in self.users.items():
            client = Client(raise_request_exception=False, HTTP_HOST="testserver")
            if user is not None:
                client.force_login(user)
            self.clients[role] = client
        self.failures: list[tuple[str, str, str, str]] = []
        self.requests = 0
        self.statuses = Counter()

    def send(self, role: str, method: str, url: str, data=None) -> None:
        client = self.clients[role]
        self.requests += 1
        try:
            response = client.post(url, data or {}) if method == "POST" else client.get(url, data or {})
        except Exception as error:  # the client raised outside the handler (a bug in the script's request)
            self.failures.append((method, role, url, f"client: {type(error).__name__}: {error}"[:300]))
            return
        self.statuses[response.status_code // 100] += 1
        if response.status_code >= 500:
            exc = getattr(response, "exc_info", None)
            reason = f"{exc[0].__name__}: {str(exc[1])[:200]}" if exc else str(response.status_code)
            shown = url if not data else f"{url} {sorted(data)}"
            self.failures.append((method, role, shown[:300], reason))
        if role != "anonymous" and "_auth_user_id" not in client.session:
            client.force_login(self.users[role])  # a POST ended the session (password change, logout)

    def run(self, quick: bool, only: tuple[str, ...] = ()) -> None:
        from wagtail.models import Page

        real = real_ids()
        real["_pool"] = ["1", "2"]
        unique = {}  # a path is served by the first pattern that matches it (a guard mounted before Wagtail's)
        for template, params, name in leaf_patterns():
            unique.setdefault(template, (template, params, name))
        patterns = sorted(unique.values(), key=lambda row: ("delete" in row[0] or "delete" in row[2], row[0]))
        pages = [page.url for page in Page.objects.live().specific() if page.url]
        if only:
            patterns = [row for row in patterns if row[0].lstrip("/").startswith(only)]
            pages = [url for url in pages if url.lstrip("/").startswith(only)]
        odd_paths = ODD_PATH_VALUES[:1] if quick else ODD_PATH_VALUES
        print(f"{len(patterns)} URL patterns, {len(pages)} pages, database {connection.vendor}", flush=True)
        started = time.perf_counter()
        deferred_posts = []
        for number, (template, params, name) in enumerate(patterns, 1):
            if number % 50 == 0:
                print(f"  GET {number}/{len(patterns)} patterns, {self.requests} requests, {len(self.failures)} 5xx",
                      flush=True)
            url = fill(template, params, real)
            for role in ROLES:
                self.send(role, "GET", url)
            for parameter in params:
                for value in odd_paths:
                    odd_url = fill(template, params, real, (parameter, value))
                    for role in ("anonymous", "province_admin"):
                        self.send(role, "GET", odd_url)
            for query in combinations(ODD_QUERY, quick):
                for role in ("counselor", "province_admin"):
                    self.send(role, "GET", url, query)
            if name not in SKIPPED_POSTS:
                deferred_posts.append((url, template, params))
        for url in pages:
            for role in ROLES:
                self.send(role, "GET", url)
                self.send(role, "POST", url)
            for query in combinations(ODD_QUERY, quick):
                self.send("counselor", "GET", url, query)
        for url, template, params in deferred_posts:
            for role in ROLES:
                self.send(role, "POST", url)
            for form in combinations(ODD_FORM, quick):
                for role in ("counselor", "province_admin"):
                    self.send(role, "POST", url, form)
            for parameter in params:
                for value in odd_paths:
                    self.send("province_admin", "POST", fill(template, params, real, (parameter, value)))
        elapsed = time.perf_counter() - started
        print(f"{self.requests} requests in {elapsed:.0f} s; by status class: "
              + ", ".join(f"{k}xx {v}" for k, v in sorted(self.statuses.items())), flush=True)


def main() -> int:
    from home import demo_data

    quick = "--quick" in sys.argv[1:]
    only = tuple(prefix.lstrip("/") for argument in sys.argv[1:] if argument.startswith("--only=")
                 for prefix in argument.removeprefix("--only=").split(",") if prefix)
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        demo_data.load()
        fuzzer = Fuzzer()
        fuzzer.run(quick, only)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    for method, role, url, reason in fuzzer.failures:
        print(f"5xx  {method:<4} {role:<15} {url}  {reason}")
    print(f"5xx responses: {len(fuzzer.failures)}")
    return 1 if fuzzer.failures else 0


if __name__ == "__main__":
    sys.exit(main())
