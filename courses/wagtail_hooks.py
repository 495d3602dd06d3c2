"""Admin integration of the courses app: audit log actions, viewsets and menu items."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks


@hooks.register("register_log_actions")
def register_courses_log_actions(actions):
    actions.register_action("courses.enrollment.created", _("Enroll"), _("Enrolled"))
    actions.register_action("courses.enrollment.requested", _("Request enrollment"), _("Enrollment requested"))
    actions.register_action("courses.enrollment.approved", _("Approve enrollment"), _("Enrollment approved"))
    actions.register_action("courses.enrollment.rejected", _("Reject enrollment"), _("Enrollment rejected"))
    actions.register_action("courses.enrollment.withdrawn", _("Withdraw enrollment"), _("Enrollment withdrawn"))
    actions.register_action("courses.enrollment.completed", _("Complete course"), _("Course completed"))
    actions.register_action("courses.course.assigned", _("Assign course"), _("Course assigned"))
