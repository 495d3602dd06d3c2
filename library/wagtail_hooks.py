"""The library in the Wagtail admin: reading lists (each trainer their own, province admins all), the download
statistics (province admins), and who may read the documents resources hold (people.document_access)."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, SnippetViewSet

from exports.viewsets import ExportViewSetMixin
from people.document_access import public_when_live, register_document_readers
from people.history import register_log_scope
from people.scoping import ScopedViewSetMixin

from .access import can_open, closed_to
from .models import Download, PrivateDocument, ReadingList, ResourceAttachment, ResourceIndexPage, ResourcePage


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


def documents_changeable_by(user):
    """A document's history is read by those who may change it (its uploader, province admins)."""
    from wagtail.documents.permissions import permission_policy  # not importable before the app registry is ready

    return permission_policy.instances_user_has_any_permission_for(user, ["change"])


register_log_scope(PrivateDocument, documents_changeable_by)


@hooks.register("register_admin_viewset")
def register_download_viewset():
    return DownloadViewSet("library_downloads")


def may_read_resource_documents(user, resources) -> bool:
    """A document held by resources (attached, or used in a body) is read by those who may open a live one."""
    return any(resource.live and can_open(user, resource) for resource in resources)


def resources_attaching(document):
    return ResourcePage.objects.filter(attachments__document=document).select_related("restricted_to").distinct()


register_document_readers(ResourcePage, may_read_resource_documents, holders=resources_attaching)
register_document_readers(ResourceIndexPage, public_when_live)


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
    """...nor the files attached to it in the document chooser. The rule is a filter on the id, which the search
    backend can apply to the chooser's search results too (it cannot filter on a related table)."""
    closed_files = ResourceAttachment.objects.filter(resource__in=closed_to(request.user).values("pk"))
    return documents.exclude(pk__in=closed_files.values("document_id"))
