"""Chinese word segmentation shared by the search index and the queries.

The database search backends split text at spaces and punctuation only, so a run of Chinese characters would be one
word and 管理 would never find 学习管理系统. Both the indexed text and the query are first normalized (NFKC, so
full-width ＳＷＯＴ reads as SWOT, then lower case) and then go through jieba's search mode (`cut_for_search`), which
emits the long words and the dictionary words inside them (学习管理系统 → 学习 管理 系统 管理系统), separated by
spaces. A query word asks for its finest words (研究生 → 研究), and the whole word ranks the documents that hold it
first (see search.analysis). jieba builds its dictionary once per process, on first use, behind its own lock.
"""

import logging
import re
import unicodedata

import jieba

jieba.setLogLevel(logging.WARNING)  # jieba announces its dictionary loading on stderr at INFO level

_WORD = re.compile(r"\w")

# Function words that carry no topic: dropped from a query that has other words (如何识别虚假招聘 → 识别 虚假 招聘).
# Kept short on purpose: every entry here is a word no search can ask for alongside others.
STOP_WORDS = frozenset({
    "的", "地", "得", "了", "着", "过", "是", "在", "和", "与", "及", "以及", "或", "或者", "吗", "呢", "吧",
    "啊", "呀", "之", "其", "对", "把", "被", "从", "向", "关于", "有关", "要", "能", "会", "可以", "应该",
    "需要", "如果", "如何", "怎么", "怎样", "怎么样", "怎么办", "什么", "哪些", "哪个", "哪里", "为什么",
    "一些", "一个", "这", "那", "这个", "那个", "这些", "那些", "我", "我们", "你", "你们",
})


def normalize(text: str) -> str:
    """Text as the index and the queries compare it: compatibility forms folded (full-width Latin and digits, circled
    numbers) and lower case."""
    return unicodedata.normalize("NFKC", text or "").lower()


def _is_word(token: str) -> bool:
    return bool(_WORD.search(token))


def tokens(text: str) -> list[str]:
    """The words of a normalized text in search mode, punctuation and blanks dropped."""
    return [token for token in jieba.cut_for_search(normalize(text)) if _is_word(token)]


def words(text: str) -> list[str]:
    """The words of a normalized text as jieba reads it (precise mode: 研究生就业指导 → 研究生 就业指导), the units a
    query is made of."""
    return [token for token in jieba.cut(normalize(text)) if _is_word(token)]


def query_tokens(text: str) -> list[str]:
    """The words a query word must all match: the finest ones jieba found, so 职业规划 asks for 职业 and 规划 (which the
    index holds for 职业生涯规划) rather than the compound, and a longer word gives way to the words inside it."""
    found = list(dict.fromkeys(tokens(text)))
    return [word for word in found if not any(other != word and other in word for other in found)]


def segment(text: str) -> str:
    """A text as space-separated words, ready for a word-based full-text index or query."""
    return " ".join(tokens(text))
