"""The library in the Wagtail admin: reading lists (each trainer their own, province admins all), the download
statistics (province admins), and the permission check in front of Wagtail's document serve view."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import Page, ReferenceIndex
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, SnippetViewSet

from exports.viewsets import ExportViewSetMixin
from people.scoping import ScopedViewSetMixin

from .access import can_open, closed_to
from .models import Download, ReadingList, ResourcePage


class ReadingListCreateView(CreateView):
    def save_instance(self):
        self.form.instance.owner = self.request.user
        return super().save_instance()


class ReadingListViewSet(ScopedViewSetMixin, SnippetViewSet):
    """Reading lists: ordered resources, for example the required reading of a level. Every view reads through
    ReadingList.objects.visible_to(user) (trainers their own lists); choosers offer all lists for linking."""

    model = ReadingList
    icon = "list-ol"
    menu_label = _("Reading lists")
    menu_order = 310
    add_to_admin_menu = True
    add_view_class = ReadingListCreateView
    list_display = ["title", "level", "owner", "updated_at"]
    list_filter = ["level"]
    search_fields = ["title", "intro"]


class DownloadViewSet(ExportViewSetMixin, ModelViewSet):
    """Who downloaded what and when (one row per person, resource and day), for province admins; exportable."""

    model = Download
    icon = "download"
    menu_label = _("Resource downloads")
    menu_order = 320
    add_to_admin_menu = True
    inspect_view_enabled = False
    list_display = ["resource", "user", "day"]
    list_filter = ["day"]
    list_export = ["resource", "user", "day"]
    search_fields = ["resource__title", "user__email"]
    form_fields = ["resource", "user", "day"]

    def get_queryset(self, request):
        return Download.objects.select_related("resource", "user")


register_snippet(ReadingListViewSet)


@hooks.register("register_admin_viewset")
def register_download_viewset():
    return DownloadViewSet("library_downloads")


@hooks.register("before_serve_document")
def check_resource_access(document, request):
    """A document that belongs to resources (attached, or used in a resource's body) is served only to those who may
    open one of them; others get 404. Documents used nowhere in the library are left to Wagtail's collections."""
    references = ReferenceIndex.get_references_to(document).filter(
        base_content_type=ContentType.objects.get_for_model(Page)
    )  # object ids of other models (snippets, ...) could equal a resource's id
    referring_ids = [int(object_id) for object_id in references.values_list("object_id", flat=True)]
    resources = (
        ResourcePage.objects.filter(Q(pk__in=referring_ids) | Q(attachments__document=document))
        .select_related("restricted_to")
        .distinct()
    )
    resources = list(resources)
    if resources and not any(resource.live and can_open(request.user, resource) for resource in resources):
        raise Http404


@hooks.register("construct_explorer_page_queryset")
def hide_closed_resources_in_explorer(parent_page, pages, request):
    """Editors outside a restricted resource's organization do not see it in the page explorer or its search."""
    return pages.exclude(pk__in=closed_to(request.user).values("pk"))


@hooks.register("construct_page_chooser_queryset")
def hide_closed_resources_in_chooser(pages, request):
    """...nor in the page chooser (reading lists, resource blocks, links)."""
    return pages.exclude(pk__in=closed_to(request.user).values("pk"))


@hooks.register("construct_document_chooser_queryset")
def hide_closed_documents_in_chooser(documents, request):
    """...nor the files attached to it in the document chooser."""
    return documents.exclude(resource_attachments__resource__in=closed_to(request.user).values("pk"))
