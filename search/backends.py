"""Wagtail search backends that segment Chinese with jieba, for SQLite FTS5 and PostgreSQL alike.

Configured in WAGTAILSEARCH_BACKENDS as "search.backends", this picks the database backend that Wagtail's own
"wagtail.search.backends.database" would pick for the default connection and adds word segmentation on both sides:
every indexed value (titles, bodies, related fields, autocomplete) is stored as jieba words, and every string query is
segmented the same way before the backend parses it. So page search, the site search page and the Wagtail admin's
searches all find 管理 inside 学习管理系统. Rebuild the index with `manage.py update_index` after switching backends;
pages are re-indexed on publish.

On SQLite the relevance score weights the title column ten times the body, so title matches rank first (PostgreSQL
already ranks the title vector above the body one).
"""

from functools import cache

from django.db import connection
from modelsearch.backends.base import EmptySearchResults
from modelsearch.backends.database import SearchBackend as database_backend
from modelsearch.index import RelatedFields
from modelsearch.utils import get_content_type_pk

from .segmentation import query_tokens, segment

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


class NoResults(EmptySearchResults):
    """No results that still name the model searched, as a QuerySet would (the admin's listings read its name)."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def _clone(self):
        return self.__class__(self.model)


class SegmentingQueryMixin:
    """Segments string queries the way the index was segmented (a query of punctuation only finds nothing)."""

    def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
        if isinstance(query, str):
            query = " ".join(query_tokens(query))
            if not query:
                return NoResults(getattr(model_or_queryset, "model", model_or_queryset))
        return super()._search(query_compiler_class, query, model_or_queryset, **kwargs)


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
            queryset = self.queryset.extra(  # noqa: S610 - identifiers from model metadata, values as parameters
                select={score_field: rank},
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
                queryset = queryset.order_by(score_field, "-pk")  # bm25: lower is better
            return queryset[start:stop]

    class Indexer(SegmentingIndexerMixin, sqlite.ObjectIndexer):
        pass

    class Index(SegmentingIndexMixin, sqlite.SQLiteIndex):
        indexer_class = Indexer
        entry_fields = ("title", "autocomplete", "body")

    class QueryCompiler(JoinedRankMixin, sqlite.SQLiteSearchQueryCompiler):
        column_weights = SQLITE_COLUMN_WEIGHTS

    class AutocompleteQueryCompiler(JoinedRankMixin, sqlite.SQLiteAutocompleteQueryCompiler):
        title_norm = False

    class Backend(SegmentingQueryMixin, sqlite.SQLiteSearchBackend):
        index_class = Index
        query_compiler_class = QueryCompiler
        autocomplete_query_compiler_class = AutocompleteQueryCompiler

    return Backend


@cache
def _postgres_backend_class():
    from modelsearch.backends.database.postgres import postgres

    class Indexer(SegmentingIndexerMixin, postgres.ObjectIndexer):
        pass

    class Index(SegmentingIndexMixin, postgres.PostgresIndex):
        indexer_class = Indexer
        entry_fields = ("title", "autocomplete", "body", "title_text", "body_text")

    class Backend(SegmentingQueryMixin, postgres.PostgresSearchBackend):
        index_class = Index

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
