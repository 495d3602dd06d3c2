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


class SegmentingQueryMixin:
    """Segments string queries the way the index was segmented (a query of punctuation only finds nothing)."""

    def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
        if isinstance(query, str):
            query = " ".join(query_tokens(query))
        return super()._search(query_compiler_class, query, model_or_queryset, **kwargs)


@cache
def _sqlite_backend_class():
    """Built on first use: the SQLite module can only be imported where its FTS model exists."""
    from modelsearch.backends.database.sqlite import sqlite
    from modelsearch.backends.database.sqlite.query import BM25, Not, Phrase, PlainText

    class TitleWeightedBM25(BM25):
        def as_sql(self, compiler, connection, function=None, template=None):
            weights = ", ".join(str(weight) for weight in SQLITE_COLUMN_WEIGHTS)
            return f"bm25({sqlite.SQLiteFTSIndexEntry._meta.db_table}, {weights})", []

    class Indexer(SegmentingIndexerMixin, sqlite.ObjectIndexer):
        pass

    class Index(SegmentingIndexMixin, sqlite.SQLiteIndex):
        indexer_class = Indexer
        entry_fields = ("title", "autocomplete", "body")

    class QueryCompiler(sqlite.SQLiteSearchQueryCompiler):
        def build_tsrank(self, vector, query, config=None, boost=1.0):
            if isinstance(query, (Phrase, PlainText, Not)):
                return TitleWeightedBM25() * boost if boost != 1.0 else TitleWeightedBM25()
            return super().build_tsrank(vector, query, config=config, boost=boost)

    class AutocompleteQueryCompiler(sqlite.SQLiteAutocompleteQueryCompiler):
        pass

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
