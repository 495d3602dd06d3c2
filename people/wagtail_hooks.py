"""Registers the people screens in the Wagtail admin, the scope check on bulk actions, the audit actions, and the
reports menu limited to the reports a role may read, and the permission check in front of every served document."""

from django.contrib.auth.models import Group
from django.http import Http404
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, SubmenuMenuItem
from wagtail.admin.widgets import ListingButton
from wagtail.users.views.bulk_actions import AssignRoleBulkAction, DeleteBulkAction, SetActiveStateBulkAction

from lms.admin_menu import PermissionMenuItem

from . import admin_views
from .document_access import may_read_document
from .forms import assignable_roles
from .history import sees_all_history
from .report_views import PROVINCE_ONLY_REPORTS
from .scoping import ScopedBulkActionMixin, check_bulk_action_scope
from .viewsets import OrganizationViewSet

organization_viewset = OrganizationViewSet("organizations")


@hooks.register("register_admin_viewset")
def register_organization_viewset():
    return organization_viewset


@hooks.register("register_admin_urls")
def register_people_urls():
    urls = [
        path("import/", admin_views.ImportView.as_view(), name="people_import"),
        path("import/template.xlsx", admin_views.import_template, name="people_import_template"),
        path("pending/", admin_views.PendingSignupsView.as_view(), name="people_pending"),
        path("pending/<rowid:user_id>/decide/", admin_views.DecideSignupView.as_view(), name="people_decide"),
        path("<rowid:user_id>/invite/", admin_views.InviteView.as_view(), name="people_invite"),
    ]
    return [path("people/", include(urls))]


@hooks.register("register_admin_menu_item")
def register_people_menu():
    menu = Menu(
        items=[
            PermissionMenuItem(
                _("People"), "wagtailusers_users:index", "people.view_user", name="people", icon_name="user", order=1
            ),
            PermissionMenuItem(
                _("Registrations awaiting approval"),
                "people_pending",
                "people.change_user",
                name="pending",
                icon_name="tasks",
                order=2,
            ),
            PermissionMenuItem(
                _("Import counselors"), "people_import", "people.add_user", name="import", icon_name="upload", order=3
            ),
            PermissionMenuItem(
                _("Organizations"),
                "organizations:index",
                "people.view_organization",
                name="organizations",
                icon_name="site",
                order=4,
            ),
        ]
    )
    return SubmenuMenuItem(_("People and organizations"), menu, icon_name="group", name="people", order=150)


hooks.register("before_bulk_action", check_bulk_action_scope)


@hooks.register("register_user_listing_buttons")
def invitation_button(user, request_user):
    """People who have not set a password yet can be sent (again) an invitation from the people listing."""
    if not user.has_usable_password() and request_user.has_perm("people.change_user"):
        yield ListingButton(
            _("Send invitation"), reverse("people_invite", args=[user.pk]), icon_name="mail", priority=30
        )


class ScopedAssignRoleBulkAction(ScopedBulkActionMixin, AssignRoleBulkAction):
    """Assign a role in bulk: only to people in scope, and only a role the user may hand out."""

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        allowed = [role.value for role in assignable_roles(self.request.user)]
        form.fields["role"].queryset = Group.objects.filter(name__in=allowed).order_by("name")
        return form


class ScopedDeleteBulkAction(ScopedBulkActionMixin, DeleteBulkAction):
    pass


class ScopedSetActiveStateBulkAction(ScopedBulkActionMixin, SetActiveStateBulkAction):
    pass


# Registered after wagtail.users' own (order=1), so these replace them for the user model.
for bulk_action_class in (ScopedAssignRoleBulkAction, ScopedDeleteBulkAction, ScopedSetActiveStateBulkAction):
    hooks.register("register_bulk_action", bulk_action_class, order=1)


@hooks.register("register_log_actions")
def register_people_log_actions(actions):
    actions.register_action("people.signup.requested", _("Request registration"), _("Registration requested"))
    actions.register_action("people.signup.approved", _("Approve registration"), _("Registration approved"))
    actions.register_action("people.signup.rejected", _("Reject registration"), _("Registration rejected"))
    actions.register_action("people.invitation.sent", _("Send invitation"), _("Invitation sent"))
    actions.register_action("people.user.imported", _("Import person"), _("Created by import"))
    actions.register_action("people.user.updated_by_import", _("Update person by import"), _("Updated by import"))


@hooks.register("construct_reports_menu")
def hide_site_wide_reports(request, menu_items):
    """Reports that cannot be scoped to an organization are offered to province admins only (people.report_views)."""
    if not sees_all_history(request.user):
        menu_items[:] = [item for item in menu_items if item.name not in PROVINCE_ONLY_REPORTS]


@hooks.register("before_serve_document")
def check_document_access(document, request):
    """Every document Wagtail serves passes people.document_access; whoever may not read it gets 404, as for a page
    they may not open (the file's existence is not confirmed)."""
    if not may_read_document(request.user, document):
        raise Http404
