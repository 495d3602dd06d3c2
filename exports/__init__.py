"""Spreadsheet exports that scale (layer 0: shared infrastructure, no domain).

The rule: no export builds its file in memory, and none runs long inside a web request. A view exports with
`?export=csv` or `?export=xlsx`; up to `LMS_EXPORT_ASYNC_THRESHOLD` rows (10,000) the response streams (CSV line by
line, XLSX written by openpyxl's write-only mode to a temporary file); above it an `ExportJob` is recorded and a Celery
task writes the file into private storage while the admin shows a progress bar, then offers a download link that only
the person who asked can open, for one day (a beat job removes expired files). Cells go through
`lms.spreadsheets`, which neutralizes formulas.

How to use it (reports and listings alike):

* Wagtail listings (ModelViewSet / SnippetViewSet with `list_export`): add `exports.viewsets.ExportViewSetMixin`
  first in the bases. It replaces `lms.spreadsheets.NeutralizedExportViewSetMixin` and keeps `list_export`,
  `export_headings` and `export_filename` as Wagtail documents them; rows are read with `.iterator()`, so put the
  joins the columns need in `get_base_queryset()` (select_related / prefetch_related).
* Any other class-based view (a report): mix in `exports.views.ExportMixin` before the view class and define

      export_filename = "cpd-compliance"           # without extension
      def get_export_headings(self) -> list[str]: ...
      def get_export_items(self): ...               # a QuerySet (counted with .count(), read with .iterator())
                                                    # or a sized iterable
      def get_export_row(self, item) -> list: ...   # the cells of one item

  A GET with `?export=csv|xlsx` then answers with the file or, over the threshold, a redirect to the job's progress
  page. The task rebuilds the view from the request's path and query string as the person who asked (the view's
  `setup()` runs, not `dispatch()`), so everything the rows depend on must come from `self.request` (user, GET) and
  URL kwargs, and the view's `visible_to(self.request.user)` scope is applied again when the file is written.
  `export_url(request, "csv")` gives the link for a button that keeps the current filters.
"""
