"""Wagtail's admin reports, limited to what the requesting user may see (see people.history for the rule).

Site history and its CSV/XLSX export list only log entries about objects in the user's scope, and its filters offer
only the users, actions and types found in those entries. Locked pages and aging pages list only pages of the user's
explorer. The workflow, workflow-task and page-types-usage reports summarise the whole site and cannot be cut down
to a scope, so they are for province admins and superusers only: other roles get 403 and no menu item.

`lms.urls` mounts these views on Wagtail's own report paths, ahead of the admin's URLs.
"""

from collections import defaultdict

import django_filters
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import IntegerField, Value
from django.utils.translation import gettext_lazy as _
from django.views.defaults import permission_denied
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.filters import ContentTypeFilter
from wagtail.admin.views.reports.aging_pages import AgingPagesView
from wagtail.admin.views.reports.audit_logging import LogEntriesView, SiteHistoryReportFilterSet
from wagtail.admin.views.reports.locked_pages import LockedPagesReportFilterSet, LockedPagesView
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.admin.views.reports.workflows import WorkflowTasksView, WorkflowView
from wagtail.log_actions import registry as log_action_registry
from wagtail.permissions import policy_registry

from .history import log_entries_for, pages_in_scope, sees_all_history

PROVINCE_ONLY_REPORTS = ("workflows", "workflow-tasks", "page-types-usage")  # names of their menu items


def _scoped_entries(request):
    """The readable entries of every log model, built once per request (the three filters share them)."""
    if not hasattr(request, "_scoped_log_entries"):
        request._scoped_log_entries = [
            log_entries_for(request, log_model) for log_model in log_action_registry.get_log_entry_models()
        ]
    return request._scoped_log_entries


class ScopedSiteHistoryFilterSet(SiteHistoryReportFilterSet):
    """The filters offer only what the user's own entries contain (no names from outside the scope)."""

    object_type = ContentTypeFilter(
        label=_("Type"),
        method="filter_object_type",
        queryset=lambda request: ContentType.objects.filter(
            pk__in={pk for entries in _scoped_entries(request) for pk in entries.get_content_type_ids()}
        ).order_by("model"),
    )

    def get_action_choices(self):
        actions = {action for entries in _scoped_entries(self.request) for action in entries.get_actions()}
        return [choice for choice in log_action_registry.get_choices() if choice[0] in actions]

    def get_user_choices(self):
        User = get_user_model()
        user_ids = {pk for entries in _scoped_entries(self.request) for pk in entries.get_user_ids()}
        return User.objects.filter(pk__in=user_ids).order_by(User.USERNAME_FIELD)


class ScopedLogEntriesView(LogEntriesView):
    """Site history (listing, CSV and XLSX): entries about objects in the user's scope only."""

    filterset_class = ScopedSiteHistoryFilterSet

    def get_filtered_queryset(self):
        """Wagtail's union of one values() query per log model, each read through the scope."""
        self.log_models = list(log_action_registry.get_log_entry_models())
        queryset = None
        for index, log_model in enumerate(self.log_models):
            rows = (
                log_entries_for(self.request, log_model)
                .values("pk", "timestamp")
                .annotate(log_model_index=Value(index, output_field=IntegerField()))
            )
            rows = self.filter_queryset(rows).order_by()
            queryset = rows if queryset is None else queryset.union(rows, all=True)
        return queryset.order_by("-timestamp")

    def decorate_paginated_queryset(self, queryset):
        """Wagtail's decoration, with the edit links checked once per model instead of once per row."""
        rows = list(queryset)
        pks_by_index = defaultdict(list)
        for row in rows:
            pks_by_index[row["log_model_index"]].append(row["pk"])
        entries = {}
        for index, pks in pks_by_index.items():
            log_entries = (
                self.log_models[index]
                .objects.prefetch_related("user__wagtail_userprofile", "content_type")
                .filter(pk__in=pks)
                .with_instances()
            )
            for log_entry, instance in log_entries:
                log_entry.instance = instance
                entries[(index, log_entry.pk)] = log_entry
        editable = self._editable_instance_keys([entry.instance for entry in entries.values()])
        url_finder = AdminURLFinder()  # permission already settled by _editable_instance_keys
        for entry in entries.values():
            key = (type(entry.instance), entry.instance.pk) if entry.instance is not None else None
            entry.edit_url = url_finder.get_edit_url(entry.instance) if key in editable else None
        return [entries[(row["log_model_index"], row["pk"])] for row in rows]

    def _editable_instance_keys(self, instances):
        """(model, pk) of the instances the user may change: one query per model on the page."""
        pks_by_model = defaultdict(set)
        for instance in instances:
            if instance is not None:
                pks_by_model[type(instance)].add(instance.pk)
        editable = set()
        for model, pks in pks_by_model.items():
            policy = policy_registry.get_by_type(model)
            if policy is None:
                allowed = pks
            else:
                allowed = set(
                    policy.instances_user_has_permission_for(self.request.user, "change")
                    .filter(pk__in=pks)
                    .values_list("pk", flat=True)
                )
            editable.update((model, pk) for pk in allowed)
        return editable


def _users_who_locked(request):
    User = get_user_model()
    locked = pages_in_scope(request).filter(locked=True, locked_by__isnull=False)
    return User.objects.filter(pk__in=locked.values("locked_by")).order_by(User.USERNAME_FIELD)


class ScopedLockedPagesFilterSet(LockedPagesReportFilterSet):
    locked_by = django_filters.ModelChoiceFilter(
        label=_("Locked by"),
        empty_label=_("Anyone"),
        field_name="locked_by",
        queryset=_users_who_locked,
    )


class ScopedLockedPagesView(LockedPagesView):
    """Locked pages the user may unlock (or locked themselves), within their explorer."""

    filterset_class = ScopedLockedPagesFilterSet

    def get_queryset(self):
        pages = super().get_queryset()
        if sees_all_history(self.request.user):
            return pages
        return pages.filter(pk__in=pages_in_scope(self.request).values("pk"))


class ScopedAgingPagesView(AgingPagesView):
    """Aging pages the user may edit or publish, within their explorer."""

    def get_queryset(self):
        pages = super().get_queryset()
        if sees_all_history(self.request.user):
            return pages
        return pages.filter(pk__in=pages_in_scope(self.request).values("pk"))


class ProvinceOnlyMixin:
    """Reports over the whole site: province admins and superusers only; others get the site's 403 page (Wagtail
    would turn a PermissionDenied into a redirect to the dashboard, which hides that the URL is refused)."""

    def dispatch(self, request, *args, **kwargs):
        if not sees_all_history(request.user):
            return permission_denied(request, PermissionDenied())
        return super().dispatch(request, *args, **kwargs)


class ProvinceWorkflowView(ProvinceOnlyMixin, WorkflowView):
    pass


class ProvinceWorkflowTasksView(ProvinceOnlyMixin, WorkflowTasksView):
    pass


class ProvincePageTypesUsageReportView(ProvinceOnlyMixin, PageTypesUsageReportView):
    pass
