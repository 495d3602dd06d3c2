"""The expert pool in the Wagtail admin: audit actions of the review machinery."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks


@hooks.register("register_log_actions")
def register_expert_log_actions(actions):
    actions.register_action("experts.panel.assigned", _("Assign panel"), _("Panel assigned"))
    actions.register_action("experts.panel.short", _("Panel short of experts"), _("Panel short of experts"))
    actions.register_action("experts.seat.assigned", _("Seat expert"), _("Expert seated"))
    actions.register_action("experts.seat.declined", _("Declare conflict"), _("Conflict of interest declared"))
    actions.register_action("experts.score.submitted", _("Submit score"), _("Score submitted"))
    actions.register_action("experts.panel.divergent", _("Scores diverge"), _("Scores diverge"))
    actions.register_action("experts.panel.resolved", _("Resolve divergence"), _("Divergence resolved by the chair"))
    actions.register_action("experts.panel.decided", _("Decide panel"), _("Panel result final"))
    actions.register_action("experts.publicity.opened", _("Open publicity"), _("Publicity period opened"))
    actions.register_action("experts.objection.filed", _("File objection"), _("Objection filed"))
    actions.register_action("experts.objection.resolved", _("Resolve objection"), _("Objection resolved"))
