"""Streaming and asynchronous exports for Wagtail listings (`list_export` on ModelViewSet / SnippetViewSet views and
Wagtail's report views): `ExportViewSetMixin` on a viewset, or `streaming(view_class)` for a single view."""

from lms.spreadsheets import NeutralizedExportMixin

from .views import ExportMixin


class ListingExportMixin(ExportMixin, NeutralizedExportMixin):
    """A Wagtail listing's export through `ExportMixin`: the listing's own filters, search, ordering and scope, the
    columns of `list_export` as Wagtail preprocesses them (then neutralized), rows read in chunks."""

    def get_export_filename(self) -> str:
        return self.get_filename()  # Wagtail's: `export_filename` of the view or viewset

    def get_export_items(self):
        if hasattr(self, "get_filtered_queryset"):  # Wagtail's ReportView
            return self.get_filtered_queryset()
        return self.get_queryset()

    def iterate_export_items(self):
        """Rows in chunks; views that turn raw rows into objects after pagination (Wagtail's site history) get each
        chunk through their `decorate_paginated_queryset`."""
        items = super().iterate_export_items()
        decorate = getattr(self, "decorate_paginated_queryset", None)
        if decorate is None:
            yield from items
            return
        chunk = []
        for item in items:
            chunk.append(item)
            if len(chunk) == 2000:
                yield from decorate(chunk)
                chunk = []
        if chunk:
            yield from decorate(chunk)

    def get_export_headings(self) -> list:
        queryset = self.get_export_items()
        return [self.get_heading(queryset, field) for field in self.list_export]

    def get_export_row(self, item) -> list:
        export_format = self.export_format
        return [self.preprocess_field_value(field, value, export_format)
                for field, value in self.to_row_dict(item).items()]


def streaming(view_class):
    """A subclass of a Wagtail listing view whose spreadsheet export streams (or runs as a job)."""
    if issubclass(view_class, ListingExportMixin):
        return view_class
    return type(f"Streaming{view_class.__name__}", (ListingExportMixin, view_class), {})


class ExportViewSetMixin:
    """For Wagtail ModelViewSet/SnippetViewSet: the index view (which serves `?export=csv|xlsx`) streams its export,
    neutralized, and hands exports over the threshold to a Celery task."""

    def __init__(self, *args, **kwargs):
        self.index_view_class = streaming(self.index_view_class)
        super().__init__(*args, **kwargs)
