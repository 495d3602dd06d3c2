"""Wagtail hooks of the results side: the results board's URLs and menu item, and the audit actions of judging,
ranking and publication. Imported from competitions.wagtail_hooks (one line, by the integrator)."""

from django.urls import include, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import judging, results_urls


@hooks.register("register_admin_urls")
def register_results_urls():
    return [path("competitions/results/", include(results_urls))]


class OrganizerMenuItem(MenuItem):
    """Shown to the people who organize at least one competition."""

    def is_shown(self, request):
        return judging.organized_competitions(request.user).exists()

    def render_component(self, request):
        self.url = reverse("competitions_results")
        return super().render_component(request)


@hooks.register("register_admin_menu_item")
def register_results_menu_item():
    return OrganizerMenuItem(gettext_lazy("Competition results"), "", name="competition-results", icon_name="pick",
                             order=335)


@hooks.register("register_log_actions")
def register_results_log_actions(actions):
    actions.register_action("competitions.round.panels_assigned", _("Assign competition panels"),
                            _("Competition panels assigned"))
    actions.register_action("competitions.round.ranked", _("Rank competition round"), _("Competition round ranked"))
    actions.register_action("competitions.round.publicity", _("Open competition results publicity"),
                            _("Competition results put into publicity"))
    actions.register_action("competitions.round.published", _("Publish competition results"),
                            _("Competition results published"))
