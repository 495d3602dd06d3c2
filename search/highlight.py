"""Result snippets: a window of the text around the first query word, HTML-escaped, with query words in <mark>."""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

WINDOW = 120


def highlight(text: str, words: list[str], *, window: int = WINDOW) -> str:
    text = " ".join((text or "").split())
    if not words:
        return escape(text[:window])
    pattern = re.compile("|".join(re.escape(word) for word in sorted(set(words), key=len, reverse=True)), re.I)
    first = pattern.search(text)
    start = max(0, first.start() - window // 3) if first else 0
    excerpt = text[start : start + window]
    pieces = []
    position = 0
    for match in pattern.finditer(excerpt):
        pieces.append(escape(excerpt[position : match.start()]))
        pieces.append(f"<mark>{escape(match.group())}</mark>")
        position = match.end()
    pieces.append(escape(excerpt[position:]))
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + window < len(text) else ""
    return mark_safe(prefix + "".join(pieces) + suffix)  # noqa: S308 - every piece is escaped above
