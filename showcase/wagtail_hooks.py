"""The showcase in the Wagtail admin (成果展示, province admins only): the features the honouring apps published,
with filters by kind, year, city and visibility, search by title, and an export.

What the source published (title, honour, kind, group, year, city, link, date) is shown read-only: publishing the
results again rewrites it, so an edit here would not last; a wrong title is corrected at its source. Editors own the
rest: the subtitle, the citation, the photo (Wagtail's image chooser), the order within an honour, and whether the
feature is hidden. Nobody adds or deletes features here (see showcase.permissions): a feature leaves the public
pages by being hidden, and its history stays.
"""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.admin.views.generic.models import IndexView
from wagtail.admin.viewsets.model import ModelViewSet

from exports.viewsets import ExportViewSetMixin
from people.models import Organization

from .models import Feature


def feature_years():
    return [(year, str(year)) for year in
            Feature.objects.order_by("-year").values_list("year", flat=True).distinct()]


class FeatureFilterSet(WagtailFilterSet):
    year = django_filters.ChoiceFilter(label=_("Year"), choices=feature_years)
    city = django_filters.ModelChoiceFilter(label=_("City"), queryset=Organization.objects.cities())

    class Meta:
        model = Feature
        fields = ["kind", "year", "city", "hidden"]


class FeatureIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("city", "image")


class FeatureViewSet(ExportViewSetMixin, ModelViewSet):
    model = Feature
    icon = "image"
    menu_label = _("Showcase")
    menu_name = "showcase"
    menu_order = 340
    add_to_admin_menu = True
    index_view_class = FeatureIndexView
    filterset_class = FeatureFilterSet
    ordering = ["-year", "group_key", "rank", "pk"]
    list_display = ["title", "honour", "kind", "group_title", "year", "city", "rank", "image", "hidden"]
    search_fields = ["title", "subtitle", "group_title", "honour"]
    list_export = ["title", "subtitle", "honour", "get_kind_display", "group_title", "year", "city", "rank",
                   "citation", "link_url", "hidden", "published_at"]
    export_headings = {
        "title": _("Title"), "subtitle": _("Subtitle"), "honour": _("Honour"), "get_kind_display": _("Kind"),
        "group_title": _("Group"), "year": _("Year"), "city": _("City"), "rank": _("Order"),
        "citation": _("Citation"), "link_url": _("Link"), "hidden": _("Hidden"), "published_at": _("Published at"),
    }
    export_filename = "showcase"
    edit_handler = ObjectList([
        MultiFieldPanel(
            [FieldPanel(name, read_only=True) for name in
             ("title", "honour", "kind", "group_title", "year", "city", "link_url", "published_at")],
            heading=_("As published"),
            help_text=_("Written by the competition or award that published it; corrected there."),
        ),
        FieldPanel("subtitle"),
        FieldPanel("citation"),
        FieldPanel("image"),
        FieldPanel("rank"),
        FieldPanel("hidden"),
    ])
    copy_view_enabled = False


@hooks.register("register_admin_viewset")
def register_showcase_viewset():
    return FeatureViewSet("showcase_features")


@hooks.register("register_log_actions")
def register_showcase_log_actions(actions):
    for action, label, message in [
        ("showcase.feature.published", _("Publish in the showcase"), _("Shown in the public showcase")),
        ("showcase.feature.republished", _("Publish again"), _("Showcase entry updated by its source")),
        ("showcase.feature.withdrawn", _("Withdraw from the showcase"), _("Withdrawn from the public showcase")),
    ]:
        actions.register_action(action, label, message)
