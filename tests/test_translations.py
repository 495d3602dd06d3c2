"""Every user-facing string has its zh-Hans translation, and the committed catalogs are compiled from the .po files.

The first test regenerates the catalog from the sources in a copy of the project (so the working tree is never
touched) and fails on any msgid that is untranslated or fuzzy, listing them. The others check that the committed
.mo files match their .po files, and that the admin screens, including the Wagtail strings the project translates
itself (lms/third_party_translations.py, djangojs.po), render in Chinese.
"""

import gettext
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

BASE_DIR = Path(settings.BASE_DIR)
LOCALE_DIR = BASE_DIR / "locale" / "zh_Hans" / "LC_MESSAGES"
MAKEMESSAGES_IGNORES = ["--ignore=.venv", "--ignore=tests", "--ignore=media*", "--ignore=staticfiles"]
# What is not source: the virtualenv, uploads, collected static files, databases, caches and VCS data.
COPY_IGNORES = shutil.ignore_patterns(
    ".venv",
    "venv",
    "media*",
    "staticfiles",
    "*.sqlite3*",
    ".git",
    "__pycache__",
    ".pytest_cache",
    ".ruff_cache",
    "test-results",
    "artifacts",
    "node_modules",
)
GETTEXT_TOOLS = ["xgettext", "msgmerge", "msguniq", "msgattrib", "msgfmt"]

missing_tools = [tool for tool in GETTEXT_TOOLS if shutil.which(tool) is None]
needs_gettext = pytest.mark.skipif(
    bool(missing_tools),
    reason=f"GNU gettext tools are missing ({', '.join(missing_tools)}); install them: apt-get install gettext",
)


def _unquote(line: str) -> str:
    """The content of one quoted .po string line, with the C escapes decoded."""
    body = line.strip()
    body = body[body.index('"') + 1 : body.rindex('"')]
    escapes = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
    return re.sub(r"\\(.)", lambda match: escapes.get(match.group(1), match.group(0)), body)


def po_msgids(po_text: str) -> list[str]:
    """The msgids of a .po text (header and obsolete entries excluded), as 'context|msgid' when there is a context."""
    msgids = []
    for block in re.split(r"\n\s*\n", po_text):
        fields, field = {}, None
        for line in block.splitlines():
            line = line.strip()
            match = re.match(r"^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+\"", line)
            if match:
                field = match.group(1)
                fields[field] = _unquote(line)
            elif line.startswith('"') and field:
                fields[field] += _unquote(line)
            else:
                field = None
        if fields.get("msgid"):
            msgids.append((f"{fields['msgctxt']}|" if "msgctxt" in fields else "") + fields["msgid"])
    return msgids


def run(args: list[str], cwd: Path | None = None) -> str:
    result = subprocess.run(args, cwd=cwd, capture_output=True, text=True, encoding="utf-8", check=False)  # noqa: S603
    assert result.returncode == 0, f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def load_mo(data: bytes) -> dict:
    return dict(gettext.GNUTranslations(io.BytesIO(data))._catalog)


@needs_gettext
def test_every_project_message_has_a_zh_hans_translation(tmp_path):
    copy = tmp_path / "project"
    shutil.copytree(BASE_DIR, copy, ignore=COPY_IGNORES, symlinks=True)
    run([sys.executable, "manage.py", "makemessages", "-l", "zh_Hans", *MAKEMESSAGES_IGNORES], cwd=copy)
    po = copy / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"

    untranslated = po_msgids(run(["msgattrib", "--untranslated", "--no-obsolete", str(po)]))
    fuzzy = po_msgids(run(["msgattrib", "--only-fuzzy", "--no-obsolete", str(po)]))

    hint = (
        "\nRun `python manage.py makemessages -l zh_Hans --ignore=.venv --ignore=tests --ignore='media*' "
        "--ignore=staticfiles`, translate these in locale/zh_Hans/LC_MESSAGES/django.po, then "
        "`python manage.py compilemessages -l zh_Hans --ignore=.venv`."
    )
    assert not untranslated, (
        f"{len(untranslated)} msgid(s) have no zh-Hans translation:\n"
        + "\n".join(f"  {msgid!r}" for msgid in untranslated)
        + hint
    )
    assert not fuzzy, (
        f"{len(fuzzy)} msgid(s) are marked fuzzy (check, then drop the flag):\n"
        + "\n".join(f"  {msgid!r}" for msgid in fuzzy)
        + hint
    )


@needs_gettext
@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_committed_mo_is_compiled_from_the_po(domain):
    po, mo = LOCALE_DIR / f"{domain}.po", LOCALE_DIR / f"{domain}.mo"
    assert po.exists(), f"{po} is missing"
    assert mo.exists(), f"{mo} is missing: run `python manage.py compilemessages -l zh_Hans --ignore=.venv`"
    command = ["msgfmt", "--check", "-o", "-", str(po)]
    compiled = subprocess.run(command, capture_output=True, check=False)  # noqa: S603
    assert compiled.returncode == 0, f"msgfmt --check {po.name} failed:\n{compiled.stderr.decode()}"

    expected, committed = load_mo(compiled.stdout), load_mo(mo.read_bytes())
    stale = sorted(str(key) for key in expected.keys() ^ committed.keys())
    changed = sorted(str(key) for key in expected.keys() & committed.keys() if expected[key] != committed[key])
    assert not stale and not changed, (
        f"{mo.name} does not match {po.name}; run `python manage.py compilemessages -l zh_Hans --ignore=.venv`.\n"
        f"Messages only in one of them: {stale[:20]}\nMessages translated differently: {changed[:20]}"
    )


@needs_gettext
def test_the_hand_maintained_javascript_catalog_is_fully_translated():
    po = LOCALE_DIR / "djangojs.po"
    untranslated = po_msgids(run(["msgattrib", "--untranslated", "--no-obsolete", str(po)]))
    fuzzy = po_msgids(run(["msgattrib", "--only-fuzzy", "--no-obsolete", str(po)]))
    assert not untranslated and not fuzzy, f"untranslated: {untranslated}; fuzzy: {fuzzy}"


def test_third_party_gaps_are_translated_by_the_project_catalog():
    """The Wagtail msgids the project translates itself come out in Chinese (LOCALE_PATHS wins the merge)."""
    from lms.third_party_translations import THIRD_PARTY_MSGIDS

    untranslated = []
    for message in THIRD_PARTY_MSGIDS:
        with translation.override("en"):
            english = str(message)  # the msgid (the singular, for ngettext_lazy entries)
        with translation.override("zh-hans"):
            chinese = translation.gettext(message) if isinstance(message, str) else str(message)
        only_placeholders = not re.sub(r"%\(\w+\)[sd]|\s", "", english)
        if chinese == english and not only_placeholders:
            untranslated.append(english)
    assert not untranslated, f"These third-party msgids are still shown in English: {untranslated}"


@pytest.mark.parametrize(
    ("url_name", "expected"),
    [
        # The sidebar labels are JSON inside the page, so they may be \u-escaped; "快捷方式" is a project translation.
        ("wagtailadmin_home", ["控制面板", "人员与机构", "快捷方式", "编辑指南"]),
        ("wagtailusers_users:index", ["用户", "人员与机构", "机构管理员"]),
        ("wagtailsnippets:index", ["片段"]),
    ],
)
def test_admin_screens_read_in_chinese(client, people, url_name, expected):
    client.force_login(people["province_admin"])
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    content = response.content.decode()
    assert 'lang="zh-hans"' in content.lower()
    missing = [text for text in expected if text not in content and json.dumps(text)[1:-1] not in content]
    assert not missing, f"{url_name} lacks {missing}"


def test_admin_javascript_catalog_includes_the_project_translations(client, people):
    client.force_login(people["trainer"])
    response = client.get(reverse("wagtailadmin_javascript_catalog"))
    assert response.status_code == 200
    content = response.content.decode()
    # JavaScriptCatalog writes JSON, which may escape non-ASCII text.
    for text in ["插入区块", "保存"]:  # from locale/zh_Hans/LC_MESSAGES/djangojs.po; from Wagtail's own catalog
        assert text in content or json.dumps(text)[1:-1] in content, f"{text} is not in the admin's JS catalog"
