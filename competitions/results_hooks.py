"""Wagtail hooks of the results side: the results board's URLs and menu item, and the audit actions of judging,
ranking and publication. Imported from CompetitionsConfig.ready()."""

from django.urls import include, path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks

from lms.admin_menu import PermissionMenuItem

from . import results_urls


@hooks.register("register_admin_urls")
def register_results_urls():
    return [path("competitions/results/", include(results_urls))]


@hooks.register("register_admin_menu_item")
def register_results_menu_item():
    """For those who may run competitions (the board itself lists only the competitions they organize); a
    permission check, so the menu costs no query on every admin page."""
    return PermissionMenuItem(gettext_lazy("Competition results"), "competitions_results",
                              "competitions.change_competition", name="competition-results", icon_name="pick",
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
