"""The synonym list in the Wagtail admin (Settings → Search synonyms), for province admins only: the permissions are
given to that role alone (SearchConfig.role_permissions). Wagtail's snippet views record every change in the
history."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from exports.viewsets import ExportViewSetMixin

from .models import SynonymGroup


class SynonymGroupViewSet(ExportViewSetMixin, SnippetViewSet):
    model = SynonymGroup
    icon = "search"
    menu_label = _("Search synonyms")
    add_to_settings_menu = True
    list_display = ["__str__", "note", BooleanColumn("is_active", label=_("active")), "updated_at"]
    list_filter = ["is_active"]
    list_export = ["terms", "note", "is_active", "updated_at"]
    search_fields = ["terms", "note"]
    ordering = ["pk"]


register_snippet(SynonymGroupViewSet)
