"""How a search string, or the query object Wagtail builds from it, becomes the full-text query the backends run.

The rules, for plain strings and for every PlainText, Phrase, And, Or and Not that Wagtail passes (its admin page
search hands over `And([PlainText("校园招聘")])`, its quoted words a Phrase):

- The text is normalized (NFKC, lower case) and cut into words by jieba; function words (如何, 的, 什么 …,
  `segmentation.STOP_WORDS`) are dropped when other words remain.
- A word, or a run of words that is a synonym term (零就业 = 零 + 就业), is a unit. A unit matches a document that holds
  every finest word of the unit or of one of its synonyms: 研究生 asks for 研究, 失业 for 失业 or 零就业 or 就业困难.
- A PlainText needs every unit (operator "and", the default) or any (operator "or"). When an "and" query matches
  nothing, its relaxed form (any unit) runs instead, ranked by how many units a document holds.
- Documents holding a unit as typed, in whole words, rank first: the whole compound (研究生 itself, not only 研究),
  the word rather than its synonyms (零就业 before 失业).
- A quoted Phrase asks for every word as typed: no stop words dropped, no synonyms, never relaxed. Word order is not
  enforced, because the search-mode index interleaves sub-words with the words that contain them.
- Negated parts only exclude; they never rank.
"""

from dataclasses import dataclass, field

from modelsearch.query import MATCH_NONE, And, Boost, Not, Or, Phrase, PlainText, SearchQuery

from .segmentation import STOP_WORDS, query_tokens, words

# The longest synonym term, in words, that a run of query words is compared with.
MAX_TERM_WORDS = 4
# The most units one query asks for: a longer text (an admin search box takes any length) is cut there, so that the
# query the backends compile stays shallow (thousands of words nest deeper than Python's recursion limit).
MAX_UNITS = 32


def term_key(term: str) -> str:
    """The form a synonym term and a run of query words are compared in: its words, joined (HR 经理 → hr经理)."""
    return "".join(words(term))


@dataclass(frozen=True)
class Unit:
    """One thing a query asks for: a word (or synonym term) as typed, and the terms it may be matched by."""

    text: str
    alternatives: tuple[str, ...]

    def match(self) -> SearchQuery | None:
        """Matches documents holding every finest word of the unit or of one of its synonyms."""
        options = [PlainText(" ".join(found)) for term in self.alternatives if (found := query_tokens(term))]
        return _either(options)

    def exact(self) -> SearchQuery | None:
        """Matches documents holding the unit as typed, in whole words (研究生 itself, not only 研究; 零就业 rather
        than its synonym 失业); None when that says no more than `match`."""
        whole = words(self.text)
        if whole and (len(self.alternatives) > 1 or whole != query_tokens(self.text)):
            return PlainText(" ".join(whole))
        return None


def _either(options: list[SearchQuery]) -> SearchQuery | None:
    if not options:
        return None
    return options[0] if len(options) == 1 else Or(options)


def _all(parts: list[SearchQuery]) -> SearchQuery | None:
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else And(parts)


@dataclass
class Analysis:
    """A query ready to run: the query itself, the tiers of conditions that order the hits before relevance (each
    tier counts the conditions a document meets, more first), and the relaxed analysis to run when this one matches
    nothing (None when relaxing would not change it)."""

    query: SearchQuery
    tiers: tuple[list[SearchQuery], ...] = ()
    relaxed: "Analysis | None" = None


@dataclass
class _Parts:
    strict: SearchQuery | None
    relaxed: SearchQuery | None
    units: list[SearchQuery] = field(default_factory=list)  # the unit matches of relaxed PlainTexts
    exact: list[SearchQuery] = field(default_factory=list)
    relaxes: bool = False


class Analyser:
    """Turns queries into analyses with one synonym map (normalized term key → the terms of its group)."""

    def __init__(self, synonyms: dict[str, tuple[str, ...]]):
        self.synonyms = synonyms

    def analyse(self, query: SearchQuery) -> Analysis:
        parts = self._node(query)
        if parts.strict is None:
            return Analysis(MATCH_NONE)
        relaxed = None
        if parts.relaxes:
            relaxed = Analysis(parts.relaxed, tiers=(parts.units, parts.exact))
        return Analysis(parts.strict, tiers=(parts.exact,), relaxed=relaxed)

    def units(self, text: str, *, literal: bool = False) -> list[Unit]:
        """The units of a text. Literal (a quoted phrase): every word as typed, no synonyms."""
        found = words(text)
        if literal:
            return [Unit(word, (word,)) for word in found]
        units = []
        position = 0
        while position < len(found):
            for length in range(min(MAX_TERM_WORDS, len(found) - position), 0, -1):
                key = "".join(found[position : position + length])
                if key in self.synonyms or length == 1:
                    units.append(Unit(key, self.synonyms.get(key, (key,))))
                    position += length
                    break
        meaningful = [unit for unit in units if unit.text not in STOP_WORDS]
        return (meaningful or units)[:MAX_UNITS]

    def _node(self, query: SearchQuery) -> _Parts:
        if isinstance(query, Phrase):
            return self._text(query.query_string, "and", literal=True)
        if isinstance(query, PlainText):
            return self._text(query.query_string, query.operator, literal=False)
        if isinstance(query, (And, Or)):
            children = [parts for parts in map(self._node, query.subqueries) if parts.strict is not None]
            combine = _all if isinstance(query, And) else _either
            return _Parts(
                strict=combine([parts.strict for parts in children]),
                relaxed=combine([parts.relaxed for parts in children]),
                units=[unit for parts in children for unit in parts.units],
                exact=[compound for parts in children for compound in parts.exact],
                relaxes=any(parts.relaxes for parts in children),
            )
        if isinstance(query, Not):
            inner = self._node(query.subquery)
            if inner.strict is None:
                return _Parts(None, None)
            return _Parts(Not(inner.strict), Not(inner.strict))  # negated parts are never relaxed
        if isinstance(query, Boost):
            inner = self._node(query.subquery)
            if inner.strict is None:
                return inner
            inner.strict, inner.relaxed = Boost(inner.strict, query.boost), Boost(inner.relaxed, query.boost)
            return inner
        return _Parts(query, query)  # MatchAll, Fuzzy: as given

    def _text(self, text: str, operator: str, *, literal: bool) -> _Parts:
        units = self.units(text, literal=literal)
        matches = [match for unit in units if (match := unit.match()) is not None]
        exact = [exact for unit in units if (exact := unit.exact()) is not None]
        if operator == "or":
            return _Parts(_either(matches), _either(matches), exact=exact)
        relaxes = not literal and len(matches) > 1
        return _Parts(
            strict=_all(matches),
            relaxed=_either(matches) if relaxes else _all(matches),
            units=matches if relaxes else [],
            exact=exact,
            relaxes=relaxes,
        )
