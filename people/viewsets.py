"""Wagtail admin viewsets for people and organizations, all scoped to the requesting user's subtree."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.users.views import users as wagtail_users

from exports.viewsets import ExportViewSetMixin

from .forms import UserCreationForm, UserEditForm
from .models import Organization, User
from .scoping import ScopedViewSetMixin


class UserFilterSet(wagtail_users.UserFilterSet):
    organization = django_filters.ModelChoiceFilter(
        label=_("Organization"),
        field_name="organization",
        queryset=lambda request: Organization.objects.visible_to(request.user),
    )
    approval_status = django_filters.ChoiceFilter(label=_("Approval status"), choices=User.ApprovalStatus.choices)
    employment = django_filters.ChoiceFilter(label=_("Employment"), choices=User.Employment.choices)

    class Meta:
        model = User
        fields = []


class UserIndexView(wagtail_users.IndexView):
    """The user listing: name, e-mail, organization, roles; organization admins see only their subtree."""

    search_fields = ["real_name", "email", "phone"]

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("organization").prefetch_related("groups")

    @cached_property
    def columns(self):
        columns = super().columns
        for column in columns:
            if column.name == User.USERNAME_FIELD:
                column.label = _("E-mail")
        columns.insert(3, Column("organization", label=_("Organization"), sort_key="organization__name"))
        columns.insert(
            4, Column("roles", label=_("Roles"), accessor=lambda user: "、".join(str(r.label) for r in user.roles))
        )
        return columns


class ScopedFormKwargsMixin:
    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["for_user"] = self.request.user
        return kwargs


class UserCreateView(ScopedFormKwargsMixin, wagtail_users.CreateView):
    pass


class UserEditView(ScopedFormKwargsMixin, wagtail_users.EditView):
    pass


class UserCopyView(ScopedFormKwargsMixin, wagtail_users.CreateView):
    """"Copy" adds a new person pre-filled from one in the editor's scope: the same organization, post, employment
    and the roles the editor may hand out. Name, e-mail and phone belong to one person and start empty; the person
    copied is never changed (Wagtail's generic copy would bind the form to them)."""

    copied_fields = ("organization", "post", "employment", "education")

    def get_initial_form_instance(self):
        source = self.get_object()
        return User(**{name: getattr(source, name) for name in self.copied_fields})

    def get_initial(self):
        initial = super().get_initial()
        initial["groups"] = list(self.get_object().groups.values_list("pk", flat=True))
        return initial


class UserViewSet(ExportViewSetMixin, ScopedViewSetMixin, wagtail_users.UserViewSet):
    """Replaces Wagtail's user management (see people.apps.PeopleUsersAppConfig)."""

    add_to_settings_menu = False
    add_to_admin_menu = False  # reached through the "People and organizations" menu (wagtail_hooks)
    menu_label = _("People")
    filterset_class = UserFilterSet
    index_view_class = UserIndexView
    add_view_class = UserCreateView
    edit_view_class = UserEditView
    copy_view_class = UserCopyView
    ordering = "real_name"
    list_export = ["real_name", "email", "phone", "organization", "post", "employment", "practising_since",
                   "education", "approval_status", "is_active", "date_joined"]
    export_headings = {
        "real_name": _("Name"),
        "email": _("E-mail"),
        "phone": _("Phone"),
        "organization": _("Organization"),
        "post": _("Post"),
        "employment": _("Employment"),
        "practising_since": _("Practising since"),
        "education": _("Highest education"),
        "approval_status": _("Approval status"),
        "is_active": _("Active"),
        "date_joined": _("Joined"),
    }
    export_filename = "people"

    def get_form_class(self, for_update=False):
        return UserEditForm if for_update else UserCreationForm


class OrganizationForm(WagtailAdminModelForm):
    """Creates a node under the chosen parent, or moves an existing node there."""

    parent = forms.ModelChoiceField(
        label=_("Parent organization"),
        queryset=Organization.objects.none(),
        required=False,
        help_text=_("Cities belong to the province; institutions belong to a city."),
    )

    class Meta:
        model = Organization
        fields = ["name", "code", "kind", "graduates_per_year", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        candidates = Organization.objects.visible_to(self.for_user).filter(
            kind__in=[Organization.Kind.PROVINCE, Organization.Kind.CITY]
        )
        if self.instance.pk:
            candidates = candidates.exclude(path__startswith=self.instance.path)
            self.initial["parent"] = self.instance.get_parent()
        self.fields["parent"].queryset = candidates

    def clean(self):
        cleaned = super().clean()
        parent, kind = cleaned.get("parent"), cleaned.get("kind")
        expected = {
            Organization.Kind.PROVINCE: None,
            Organization.Kind.CITY: Organization.Kind.PROVINCE,
        }.get(kind, Organization.Kind.CITY)
        if kind and (parent.kind if parent else None) != expected:
            message = {
                None: _("The province has no parent."),
                Organization.Kind.PROVINCE: _("A city must belong to the province."),
                Organization.Kind.CITY: _("An institution must belong to a city."),
            }[expected]
            self.add_error("parent", ValidationError(message))
        return cleaned

    def save(self, commit=True):
        parent = self.cleaned_data.get("parent")
        if self.instance.pk is None:
            if parent is None:
                return Organization.add_root(instance=self.instance)
            return parent.add_child(instance=self.instance)
        organization = super().save(commit=commit)
        if parent and organization.get_parent() != parent:
            organization.move(parent, pos="sorted-child")
        return organization


class OrganizationViewSet(ExportViewSetMixin, ScopedViewSetMixin, ModelViewSet):
    model = Organization
    add_to_admin_menu = False
    icon = "site"
    menu_label = _("Organizations")
    ordering = "path"
    list_display = [
        "name",
        "code",
        "kind",
        "graduates_per_year",
        BooleanColumn("is_active", label=_("active"), sort_key="is_active"),
    ]
    list_filter = ["kind", "is_active"]
    list_export = ["name", "code", "kind", "graduates_per_year", "is_active"]
    search_fields = ["name", "code"]
    inspect_view_enabled = True
    copy_view_enabled = False
    add_to_reference_index = False

    def get_form_class(self, for_update=False):
        return OrganizationForm
