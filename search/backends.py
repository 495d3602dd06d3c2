"""Wagtail search backends that segment Chinese with jieba, for SQLite FTS5 and PostgreSQL alike.

Configured in WAGTAILSEARCH_BACKENDS as "search.backends", this picks the database backend that Wagtail's own
"wagtail.search.backends.database" would pick for the default connection and adds word segmentation on both sides:
every indexed value (titles, bodies, related fields, autocomplete) is stored as normalized jieba words, and every
query is segmented the same way before the backend compiles it. So page search, the site search page and the Wagtail
admin's searches all find 管理 inside 学习管理系统. Rebuild the index with `manage.py update_index` after switching
backends; pages are re-indexed on publish.

Queries (plain strings and the PlainText, Phrase, And, Or and Not objects Wagtail builds) are analysed by
search.analysis: stop words dropped, synonyms from the province's list added, every word required, and when nothing
holds every word the same search runs again needing any word (one more query, only then). Hits are ordered first by
the analysis's tiers (how many whole compounds such as 研究生 a document holds, and for a relaxed search how many
words), then by relevance. On SQLite the relevance score weights the title column ten times the body, so title
matches rank first (PostgreSQL already ranks the title vector above the body one).
"""

from functools import cache, cached_property

from django.db import connection
from django.db.models import Case, F, IntegerField, Q, Value, When
from modelsearch.backends.database import SearchBackend as database_backend
from modelsearch.index import RelatedFields
from modelsearch.utils import get_content_type_pk

from .analysis import Analyser
from .segmentation import segment
from .synonyms import synonym_map

# FTS5 column order of modelsearch's index table is (autocomplete, body, title).
SQLITE_COLUMN_WEIGHTS = (1.0, 1.0, 10.0)


class SegmentingIndexerMixin:
    """Segments each indexed value once (values of related fields are segmented where they are read)."""

    def prepare_field(self, obj, field):
        for *head, value in super().prepare_field(obj, field):
            yield (*head, value if isinstance(field, RelatedFields) else segment(value))


class SegmentingIndexMixin:
    """Writes index entries from a segmenting indexer: one upsert per batch, then the title norms."""

    indexer_class = None
    entry_fields = ()

    def add_items(self, model, objs):
        if not model.get_search_fields():
            return
        indexers = [self.indexer_class(obj, self.backend) for obj in objs]
        if not indexers:
            return
        content_type_pk = get_content_type_pk(model)
        entry_model = self.entries.model
        entries = [
            entry_model(
                content_type_id=content_type_pk,
                object_id=indexer.id,
                title_norm=1.0,
                **{name: getattr(indexer, name) for name in self.entry_fields},
            )
            for indexer in indexers
        ]
        entry_model._default_manager.using(self.write_connection.alias).bulk_create(
            entries,
            update_conflicts=True,
            unique_fields=["content_type", "object_id"],
            update_fields=["title_norm", *self.entry_fields],
        )
        self._refresh_title_norms()


class AnalysingCompilerMixin:
    """Compiles the analysed query (search.analysis) instead of the raw one, and offers the relaxed compiler that
    runs when the strict query matches nothing. `strict_matched` remembers, for every slice and count of one search,
    whether the strict query found anything (None: not known yet)."""

    def __init__(self, queryset, query, fields=None, operator=None, order_by_relevance=True, analysis=None):
        super().__init__(queryset, query, fields=fields, operator=operator, order_by_relevance=order_by_relevance)
        self.analysis = analysis or Analyser(synonym_map()).analyse(self.query)
        self.query = self.analysis.query
        self.strict_matched = None

    @cached_property
    def relaxed(self):
        """The compiler of the relaxed search (any word instead of every word), or None when there is none."""
        if self.analysis.relaxed is None:
            return None
        return type(self)(
            self.queryset,
            self.analysis.relaxed.query,
            fields=self.fields,
            order_by_relevance=self.order_by_relevance,
            analysis=self.analysis.relaxed,
        )

    @property
    def ranked_tiers(self) -> list:
        """The analysis's tiers that have conditions, when hits are ordered by relevance."""
        return [tier for tier in self.analysis.tiers if tier] if self.order_by_relevance else []


class RelaxingResultsMixin:
    """Results of the strict search, or of the relaxed one when the strict search matches nothing at all. A search
    that finds something costs no extra query; one that finds nothing costs one more (two when a later page is read
    before anything else)."""

    def _relaxed_results(self):
        results = self.__class__(self.backend, self.query_compiler.relaxed, prefetch_related=self.prefetch_related)
        results.start, results.stop, results._score_field = self.start, self.stop, self._score_field
        return results

    def _may_relax(self) -> bool:
        compiler = self.query_compiler
        return compiler.relaxed is not None and compiler.strict_matched is not True

    def _covers_first_hit(self) -> bool:
        return self.start == 0 and self.stop != 0

    def _strict_matches(self) -> bool:
        """Whether the strict search finds anything at all (one probe for the first hit, remembered)."""
        compiler = self.query_compiler
        if compiler.strict_matched is None:
            probe = self._clone()  # clones share the compiler
            probe.start, probe.stop = 0, 1
            compiler.strict_matched = bool(super(RelaxingResultsMixin, probe)._do_search())
        return compiler.strict_matched

    def _do_search(self):
        if not self._may_relax():
            return super()._do_search()
        if self.query_compiler.strict_matched is None:
            found = super()._do_search()
            if found or self._covers_first_hit():
                self.query_compiler.strict_matched = bool(found)
            if found or self._strict_matches():
                return found
        return self._relaxed_results()._do_search()

    def _do_count(self):
        if not self._may_relax():
            return super()._do_count()
        if self.query_compiler.strict_matched is None:
            count = super()._do_count()
            if count or self._covers_first_hit():
                self.query_compiler.strict_matched = bool(count)
            if count or self._strict_matches():
                return count
        return self._relaxed_results()._do_count()


@cache
def _sqlite_backend_class():
    """Built on first use: the SQLite module can only be imported where its FTS model exists."""
    from django.db import connections, models
    from modelsearch.backends.database.sqlite import sqlite
    from modelsearch.backends.database.sqlite.query import MatchExpression, Not, normalize
    from modelsearch.query import MatchAll
    from modelsearch.utils import get_descendants_content_types_pks

    class JoinedRankMixin:
        """Ranks in one pass: the FTS table and the index entries are joined into the searched query (matching rows
        drive, the model row is found by its integer key), where the stock compiler scores each candidate with a
        correlated subquery that re-runs the full-text match for every row (ten seconds at 10,000 hits).
        QuerySet.extra() is the one Django API that can join a table without a relation on an expression."""

        column_weights = None  # None: FTS5's default (all columns alike)
        title_norm = True

        def bm25_sql(self) -> str:
            table = sqlite.SQLiteFTSIndexEntry._meta.db_table
            weights = "".join(f", {weight}" for weight in self.column_weights or ())
            return f"bm25({table}{weights})"

        def search(self, config, start, stop, score_field=None):
            normalized = normalize(self.query)
            model = self.queryset.model
            wants_rank = self.order_by_relevance or score_field is not None
            integer_key = isinstance(model._meta.pk, (models.AutoField, models.IntegerField, models.OneToOneField))
            if not wants_rank or not integer_key or isinstance(normalized, (MatchAll, Not)):
                return super().search(config, start, stop, score_field=score_field)
            fts = sqlite.SQLiteFTSIndexEntry._meta.db_table
            entries = sqlite.IndexEntry._meta.db_table
            key = f'"{model._meta.db_table}"."{model._meta.pk.column}"'
            match = MatchExpression(self.fields or self.FTS_TABLE_FIELDS, self.build_search_query(normalized, config))
            query = self.queryset.query
            match_sql, match_params = match.as_sql(query.get_compiler(self.queryset.db), connections[self.queryset.db])
            content_types = get_descendants_content_types_pks(model)
            placeholders = ", ".join(["%s"] * len(content_types))
            bm25 = self.bm25_sql()
            rank = f"{bm25} * {entries}.title_norm + {bm25}" if self.title_norm else bm25
            score_field = score_field or "_score"
            select, select_params = {}, []
            for number, tier in enumerate(self.ranked_tiers):
                tier_sql, tier_params = self.tier_sql(tier, config, query.get_compiler(self.queryset.db))
                select[f"_tier{number}"] = tier_sql
                select_params.extend(tier_params)
            select[score_field] = rank
            queryset = self.queryset.extra(  # noqa: S610 - identifiers from model metadata, values as parameters
                select=select,
                select_params=select_params,
                tables=[entries, fts],
                where=[
                    match_sql,
                    f"{fts}.rowid = {entries}.id",
                    f"{entries}.content_type_id IN ({placeholders})",
                    f"{key} = CAST({entries}.object_id AS INTEGER)",
                ],
                params=[*match_params, *content_types],
            )
            if self.order_by_relevance:
                tiers = [f"-_tier{number}" for number in range(len(self.ranked_tiers))]
                queryset = queryset.order_by(*tiers, score_field, "-pk")  # bm25: lower is better
            return queryset[start:stop]

        def tier_sql(self, tier, config, compiler) -> tuple[str, list]:
            """How many of the tier's conditions a hit meets: each condition's matches are found once (an
            uncorrelated subquery on the FTS table) and the hit's row looked up in them."""
            fts = sqlite.SQLiteFTSIndexEntry._meta.db_table
            columns = self.fields or self.FTS_TABLE_FIELDS
            parts, params = [], []
            for condition in tier:
                match = MatchExpression(columns, self.build_search_query(normalize(condition), config))
                match_sql, match_params = match.as_sql(compiler, compiler.connection)
                parts.append(f"({fts}.rowid IN (SELECT rowid FROM {fts} WHERE {match_sql}))")  # noqa: S608
                params.extend(match_params)
            return " + ".join(parts), params

    class Indexer(SegmentingIndexerMixin, sqlite.ObjectIndexer):
        pass

    class Index(SegmentingIndexMixin, sqlite.SQLiteIndex):
        indexer_class = Indexer
        entry_fields = ("title", "autocomplete", "body")

    class QueryCompiler(AnalysingCompilerMixin, JoinedRankMixin, sqlite.SQLiteSearchQueryCompiler):
        column_weights = SQLITE_COLUMN_WEIGHTS

    class AutocompleteQueryCompiler(AnalysingCompilerMixin, JoinedRankMixin, sqlite.SQLiteAutocompleteQueryCompiler):
        title_norm = False

    class Results(RelaxingResultsMixin, sqlite.SQLiteSearchResults):
        pass

    class Backend(sqlite.SQLiteSearchBackend):
        index_class = Index
        query_compiler_class = QueryCompiler
        autocomplete_query_compiler_class = AutocompleteQueryCompiler
        results_class = Results

    return Backend


@cache
def _postgres_backend_class():
    from modelsearch.backends.database.postgres import postgres

    class Indexer(SegmentingIndexerMixin, postgres.ObjectIndexer):
        pass

    class Index(SegmentingIndexMixin, postgres.PostgresIndex):
        indexer_class = Indexer
        entry_fields = ("title", "autocomplete", "body", "title_text", "body_text")

    class TieredRankMixin:
        """Orders hits by the analysis's tiers (a CASE per condition on the searched vector), then by rank."""

        tier_queries = ()

        def search(self, config, start, stop, score_field=None, backend=None):
            self.tier_queries = [[self.build_tsquery(condition, config=config) for condition in tier]
                                 for tier in self.ranked_tiers]
            return super().search(config, start, stop, score_field=score_field, backend=backend)

        def _apply_ordering_and_scoring(self, queryset, rank_expression, start, stop, score_field=None):
            if not self.tier_queries or "_vector_" not in queryset.query.annotations:
                return super()._apply_ordering_and_scoring(queryset, rank_expression, start, stop, score_field)
            tiers = [
                sum(
                    (Case(When(Q(_vector_=tsquery), then=Value(1)), default=Value(0), output_field=IntegerField())
                     for tsquery in tier),
                    Value(0, output_field=IntegerField()),
                )
                for tier in self.tier_queries
            ]
            queryset = queryset.order_by(*(tier.desc() for tier in tiers), rank_expression.desc(), F("pk").desc())
            if score_field is not None:
                queryset = queryset.annotate(**{score_field: rank_expression})
            return queryset[start:stop]

    class QueryCompiler(AnalysingCompilerMixin, TieredRankMixin, postgres.PostgresSearchQueryCompiler):
        pass

    class AutocompleteQueryCompiler(
        AnalysingCompilerMixin, TieredRankMixin, postgres.PostgresAutocompleteQueryCompiler
    ):
        pass

    class Results(RelaxingResultsMixin, postgres.PostgresSearchResults):
        pass

    class Backend(postgres.PostgresSearchBackend):
        index_class = Index
        query_compiler_class = QueryCompiler
        autocomplete_query_compiler_class = AutocompleteQueryCompiler
        results_class = Results

    return Backend


def SearchBackend(params):
    """The segmenting backend for the default database (SQLite FTS5 or PostgreSQL)."""
    stock = database_backend(params)
    if connection.vendor == "postgresql":
        return _postgres_backend_class()(params)
    if connection.vendor == "sqlite" and type(stock).__name__ == "SQLiteSearchBackend":
        return _sqlite_backend_class()(params)
    # MySQL and the LIKE fallback match substrings already; they need no segmentation.
    return stock
