"""Chinese word segmentation shared by the search index and the queries.

The database search backends split text at spaces and punctuation only, so a run of Chinese characters would be one
word and 管理 would never find 学习管理系统. Both the indexed text and the query go through jieba's search mode
(`cut_for_search`), which emits the long words and the dictionary words inside them (学习管理系统 → 学习 管理 系统
管理系统), separated by spaces; a query keeps only its finest words, all of which must match. jieba builds its
dictionary once per process, on first use, behind its own lock.
"""

import logging
import re

import jieba

jieba.setLogLevel(logging.WARNING)  # jieba announces its dictionary loading on stderr at INFO level

_WORD = re.compile(r"\w")


def tokens(text: str) -> list[str]:
    """The words of a text in search mode, punctuation and blanks dropped."""
    return [token for token in jieba.cut_for_search(text or "") if _WORD.search(token)]


def query_tokens(text: str) -> list[str]:
    """The words a query must all match: the finest ones jieba found, so 职业规划 asks for 职业 and 规划 (which the
    index holds for 职业生涯规划) rather than the compound, and a longer word gives way to the words inside it."""
    words = list(dict.fromkeys(tokens(text)))
    return [word for word in words if not any(other != word and other in word for other in words)]


def segment(text: str) -> str:
    """A text as space-separated words, ready for a word-based full-text index or query."""
    return " ".join(tokens(text))
