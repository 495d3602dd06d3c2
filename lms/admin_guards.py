"""Wagtail admin views that answered odd input with a server error, answered with a 400 or 404 instead.

A fuzzer found these in Wagtail's own views (`scripts/fuzz_urls.py`); each is fixed here, for the one path and the
one input that failed, by mounting a guarded view on Wagtail's path. `lms.urls` includes these patterns before the
admin's, so they are the ones matched, and Wagtail's URL names still reverse to the same paths. They get the admin's
access check and no-cache headers, as Wagtail's patterns do; every other request goes on to Wagtail's view unchanged.

- `failwhale/`: Wagtail's deliberate test error, open to every admin user, is a 404 for everyone (signed in or not).
- Every chooser (documents, images, each snippet): `chosen/<id>/` and `chosen-multiple/?id=<id>` with a value that
  cannot be an id of the model are a 404, and so are the page chooser's `chosen-multiple/?id=…` and the admin
  API's `find/?id=…`; `create/` of a chooser that offers no creation form is a 404.
- The root page, which has no parent, is not chosen (`choose-page/chosen-multiple/`), locked, unlocked or ordered
  (`pages/<id>/lock/`, `unlock/`, `set_position/`): a 404.
- `choose-external-link/` posted without a URL shows the form again with "this field is required".
- `redirects/import/process/` posted without the signed file name and format (only Wagtail's own form sends them)
  is a 400.
- `workflows/edit/<id>/` with a page number past the end (or not a number) shows the nearest page of the listing;
  the workflow enable/remove views posted a `next` that is no path on this site return to their own screen.
- `pages/<id>/revisions/0/revert/` (no revision) is a 404.
- `documents/multiple/<id>/delete/` of a document that records protect (a resource's attachment) is refused with a
  translated message, as deleting such a document from its own edit screen is.
"""

from functools import wraps

from django.core.exceptions import SuspiciousOperation, ValidationError
from django.core.paginator import Paginator
from django.db.models.deletion import ProtectedError, RestrictedError
from django.http import Http404, JsonResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from wagtail.admin import urls as wagtail_admin_urls  # noqa: F401  (populates the viewset registry read below)
from wagtail.admin.api.urls import admin_api
from wagtail.admin.api.views import PagesAdminAPIViewSet
from wagtail.admin.auth import require_admin_access
from wagtail.admin.forms.choosers import ExternalLinkChooserForm, URLOrAbsolutePathField
from wagtail.admin.views import chooser as page_chooser
from wagtail.admin.views import workflows
from wagtail.admin.viewsets import viewsets
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.viewsets.pages import page_viewset_registry
from wagtail.contrib.redirects import views as redirect_views
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.documents.views import multiple as document_uploads
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.models import Page
from wagtail.utils.urlpatterns import decorate_urlpatterns

from .redirects import next_url


def not_found(request, *args, **kwargs):
    raise Http404


def as_ids(model, values) -> list:
    """`values` read as ids of `model`; a value that cannot be one (`abc`, or a number beyond the column's range) is
    a 404, as an unknown id is."""
    field = model._meta.pk
    try:
        ids = [field.to_python(value) for value in values]
        for id_ in ids:
            field.run_validators(id_)
    except ValidationError as error:
        raise Http404 from error
    return ids


class ChosenByIdMixin:
    def get_object(self, pk):
        return super().get_object(as_ids(self.model_class, [pk])[0])


class ChosenMultipleByIdMixin:
    def get_objects(self, pks):
        return super().get_objects(as_ids(self.model_class, pks))


class CreationFormRequiredMixin:
    """A chooser without a creation form (no "create" tab) has nothing to create: its `create/` is a 404."""

    def get_creation_form(self):
        form = super().get_creation_form()
        if form is None:
            raise Http404
        return form


def chooser_patterns() -> list:
    """`chosen/<pk>/`, `chosen-multiple/?id=…` and `create/` of every registered chooser viewset, guarded as above."""
    patterns = []
    for viewset in viewsets.viewsets:
        if not isinstance(viewset, ChooserViewSet):
            continue
        chosen = type("Guarded" + viewset.chosen_view_class.__name__,
                      (ChosenByIdMixin, viewset.chosen_view_class), {})
        chosen_multiple = type("Guarded" + viewset.chosen_multiple_view_class.__name__,
                               (ChosenMultipleByIdMixin, viewset.chosen_multiple_view_class), {})
        create = type("Guarded" + viewset.create_view_class.__name__,
                      (CreationFormRequiredMixin, viewset.create_view_class), {})
        patterns += [
            path(f"{viewset.url_prefix}/chosen/<str:pk>/", viewset.construct_view(chosen)),
            path(f"{viewset.url_prefix}/chosen-multiple/", viewset.construct_view(chosen_multiple)),
            path(f"{viewset.url_prefix}/create/", viewset.construct_view(create)),
        ]
    return patterns


class PageChosenMultipleView(page_chooser.ChosenMultipleView):
    """The page chooser never offers the root page (it has no parent to describe it by): choosing it is a 404."""

    def get(self, request):
        if Page.objects.filter(pk__in=as_ids(Page, request.GET.getlist("id")), depth=1).exists():
            raise Http404
        return super().get(request)


class FindByIdMixin:
    """The admin API's `find/?id=…`: a value that cannot be an id is a 404, as an unknown id is."""

    def find_object(self, queryset, request):
        if "id" in request.GET:
            as_ids(self.model, [request.GET["id"]])
        return super().find_object(queryset, request)


def api_find_patterns() -> list:
    """`api/main/<endpoint>/find/` of the admin API's endpoints (pages, documents, images), guarded as above."""
    return [
        path(f"api/main/{name}/find/",
             admin_api.wrap_view(type("Guarded" + endpoint.__name__, (FindByIdMixin, endpoint), {}).as_view(
                 {"get": "find_view"})))
        for name, endpoint in [("pages", PagesAdminAPIViewSet), ("documents", DocumentsAdminAPIViewSet),
                               ("images", ImagesAdminAPIViewSet)]
    ]


def not_for_the_root(view, page_id_kwarg: str):
    """The root page has no parent to return to or to order it in: operations on it are a 404."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        if Page.objects.filter(pk=kwargs[page_id_kwarg], depth=1).exists():
            raise Http404
        return view(request, *args, **kwargs)

    return guarded


def a_revision(view):
    """Reverting to revision 0 (no revision: Wagtail then reads it as a plain edit and fails) is a 404."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not kwargs["revision_id"]:
            raise Http404
        return view(request, *args, **kwargs)

    return guarded


def next_only_on_this_site(view):
    """Wagtail's workflow enable/remove views redirect to a posted `next` that is not a URL as if it were a view
    name (`evil`): such a `next` is dropped, so they return to their own screen (`lms.redirects` keeps the rule)."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        if request.method == "POST" and "next" in request.POST and next_url(request, "") == "":
            request.POST = request.POST.copy()
            del request.POST["next"]
        return view(request, *args, **kwargs)

    return guarded


def page_operation(name: str, page_id_kwarg: str):
    return not_for_the_root(page_viewset_registry.as_view(name, page_id_kwarg=page_id_kwarg), page_id_kwarg)


class RequiredURLField(URLOrAbsolutePathField):
    """Wagtail's URL field, reading a missing value as empty (so "required" answers it) instead of failing on it."""

    def to_python(self, value):
        return super().to_python(value or "")


class ExternalLinkForm(ExternalLinkChooserForm):
    url = RequiredURLField(required=True, label=ExternalLinkChooserForm.base_fields["url"].label)


class ExternalLinkView(page_chooser.ExternalLinkView):
    form_class = ExternalLinkForm


def signed_import_fields_required(view):
    """Wagtail's redirect import confirmation carries the file name and format it signed; a post without them did
    not come from its form (Wagtail itself answers a bad signature with the same 400)."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        if request.method == "POST" and not all(request.POST.get(name) for name in ("import_file_name",
                                                                                   "input_format")):
            raise SuspiciousOperation("The redirect import confirmation lacks its signed file name or format.")
        return view(request, *args, **kwargs)

    return guarded


class WorkflowEditView(workflows.Edit):
    """The pages a workflow is assigned to, paginated forgivingly: an odd page number shows the nearest page."""

    def get_paginated_pages(self):
        pages = Page.objects.filter(workflowpage__workflow=self.get_object())
        pages.paginator = Paginator(pages, self.MAX_PAGES)
        return pages.paginator.get_page(self.request.GET.get("p", 1))


class DocumentUploadDeleteView(document_uploads.DeleteView):
    """Deleting a just-uploaded document from the multiple-upload screen; records that protect it refuse."""

    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except (ProtectedError, RestrictedError):
            return JsonResponse({
                "success": False,
                "error_message": _(
                    "This document is in use (for example attached to a library resource), so it cannot be "
                    "deleted. Remove it from where it is used first."
                ),
            })


guarded_patterns = decorate_urlpatterns(
    decorate_urlpatterns(
        [
            *chooser_patterns(),
            path("choose-page/chosen-multiple/", PageChosenMultipleView.as_view()),
            *api_find_patterns(),
            path("pages/<int:page_id>/lock/", page_operation("lock", "page_id")),
            path("pages/<int:page_id>/unlock/", page_operation("unlock", "page_id")),
            path("pages/<int:page_to_move_id>/set_position/",
                 page_operation("set_page_position", "page_to_move_id")),
            path("choose-external-link/", ExternalLinkView.as_view()),
            path("redirects/import/process/", signed_import_fields_required(redirect_views.process_import)),
            path("pages/<int:page_id>/revisions/<int:revision_id>/revert/",
                 a_revision(page_viewset_registry.as_view("revisions_revert", page_id_kwarg="page_id"))),
            path("workflows/edit/<int:pk>/", WorkflowEditView.as_view()),
            path("workflows/enable/<int:pk>/", next_only_on_this_site(workflows.enable_workflow)),
            path("workflows/remove/<int:page_pk>/", next_only_on_this_site(workflows.remove_workflow)),
            path("workflows/remove/<int:page_pk>/<int:workflow_pk>/",
                 next_only_on_this_site(workflows.remove_workflow)),
            path("workflows/tasks/enable/<int:pk>/", next_only_on_this_site(workflows.enable_task)),
            path("documents/multiple/<int:doc_id>/delete/", DocumentUploadDeleteView.as_view()),
        ],
        require_admin_access,
    ),
    never_cache,
)

urlpatterns = [path("failwhale/", not_found), *guarded_patterns]
