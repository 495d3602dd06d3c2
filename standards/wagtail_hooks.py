"""Levels and topics as Wagtail snippets, editable by province admins (never deleted: switched off instead).
Their history is shared vocabulary, not personal data: anyone whose role may view them reads it in site history."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from exports.viewsets import ExportViewSetMixin
from people.history import register_log_scope

from .models import Level, Topic


class LevelViewSet(ExportViewSetMixin, SnippetViewSet):
    model = Level
    icon = "list-ol"
    menu_label = _("Levels")
    list_display = [
        "rank",
        "name_zh",
        "name_en",
        "grade_name",
        "training_hours",
        BooleanColumn("requires_comprehensive_review", label=_("comprehensive review")),
    ]
    list_export = ["code", "rank", "name_zh", "name_en", "grade_name", "training_hours"]
    ordering = ["rank"]


class TopicViewSet(ExportViewSetMixin, SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = _("Topics")
    list_display = ["code", "name_zh", "name_en", BooleanColumn("is_active", label=_("active"))]
    list_filter = ["is_active"]
    list_export = ["code", "name_zh", "name_en", "is_active"]
    search_fields = ["code", "name_zh", "name_en"]


class StandardsViewSetGroup(ViewSetGroup):
    menu_label = _("Levels and topics")
    menu_icon = "list-ol"
    menu_order = 300
    items = (LevelViewSet, TopicViewSet)


register_snippet(StandardsViewSetGroup)

register_log_scope(Level, lambda user: Level.objects.all())
register_log_scope(Topic, lambda user: Topic.objects.all())
