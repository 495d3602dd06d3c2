"""The continuing-education screens in the Wagtail admin: the read-only ledger browser (scoped like people) and the
CPD periods (province admins), grouped under one menu; and the ledger's audit actions."""

import django_filters
from django.urls import include, path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.models import IndexView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets import HeaderButton, ListingButton

from exports.viewsets import ExportViewSetMixin
from lms.admin_menu import PermissionMenuItem
from people.models import Organization
from people.scoping import ScopedViewSetMixin

from . import admin_views, certificate_admin_views, correction_views
from .models import Certificate, CPDPeriod, CreditEntry


class CreditEntryFilterSet(WagtailFilterSet):
    period = django_filters.ModelChoiceFilter(
        label=_("Period"), queryset=CPDPeriod.objects.all(), method="filter_period"
    )
    organization = django_filters.ModelChoiceFilter(
        label=_("Organization"),
        queryset=lambda request: Organization.objects.visible_to(request.user),
        method="filter_organization",
    )
    occurred_on = django_filters.DateFromToRangeFilter(label=_("Date"), widget=DateRangePickerWidget)

    class Meta:
        model = CreditEntry
        fields = ["kind", "category", "topic"]

    def filter_period(self, queryset, name, value):
        return queryset.in_period(value) if value else queryset

    def filter_organization(self, queryset, name, value):
        """The counselors of the chosen organization and of everything under it."""
        return queryset.filter(counselor__organization__path__startswith=value.path) if value else queryset


class CreditEntryIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related(
            "counselor__organization", "topic", "level", "reverses__counselor"  # the export names the reversed entry
        )

    def get_list_more_buttons(self, instance):
        """"Reverse" sits in the row's menu, not beside the name; a reversal has none, and the confirmation page says
        when an entry is already reversed."""
        buttons = super().get_list_more_buttons(instance)
        if instance.reverses_id is None and correction_views.may_correct(self.request.user):
            url = reverse("cpd_credit_reverse", args=[instance.pk])
            buttons.append(MenuItem(_("Reverse"), url=url, icon_name="undo", priority=50))
        return buttons

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if correction_views.may_correct(self.request.user):
            url = reverse("cpd_credit_adjust")
            buttons.append(HeaderButton(_("Add a manual adjustment"), url=url, icon_name="plus"))
        return buttons


class CreditEntryHistoryView(HistoryView):
    """The audit history of an entry (recorded, reversed) is open to those who may view the ledger."""

    any_permission_required = ["view"]


class CreditEntryViewSet(ExportViewSetMixin, ScopedViewSetMixin, ModelViewSet):
    """The ledger, read-only for everyone: entries are corrected by reversal (cpd.services), never edited."""

    model = CreditEntry
    icon = "list-ul"
    menu_label = _("Credit ledger")
    menu_order = 1
    index_view_class = CreditEntryIndexView
    history_view_class = CreditEntryHistoryView
    filterset_class = CreditEntryFilterSet
    ordering = ["-occurred_on", "-pk"]
    list_display = ["counselor", "title", "hours", "category", "kind", "topic", "occurred_on"]
    list_export = [
        "counselor",
        "counselor.email",
        "counselor.organization",
        "occurred_on",
        "hours",
        "get_category_display",
        "get_kind_display",
        "topic",
        "level",
        "title",
        "source_ref",
        "reverses",
        "reason",
        "created_at",
    ]
    export_headings = {
        "counselor": _("Counselor"),
        "counselor.email": _("E-mail"),
        "counselor.organization": _("Organization"),
        "occurred_on": _("Date"),
        "hours": _("Hours"),
        "get_category_display": _("Category"),
        "get_kind_display": _("Kind"),
        "topic": _("Topic"),
        "level": _("Level"),
        "title": _("Title"),
        "source_ref": _("Source"),
        "reverses": _("Reverses"),
        "reason": _("Reason"),
        "created_at": _("Recorded at"),
    }
    export_filename = "cpd-ledger"
    search_fields = ["title", "source_ref", "counselor__real_name", "counselor__email"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "counselor",
        "hours",
        "category",
        "kind",
        "topic",
        "level",
        "title",
        "source_ref",
        "occurred_on",
        "recorded_by",
        "reverses",
        "reason",
        "created_at",
    ]
    copy_view_enabled = False
    add_to_reference_index = False
    form_fields = []  # never used: the permission policy refuses add, change and delete to everyone


class CPDPeriodViewSet(ExportViewSetMixin, ModelViewSet):
    """Periods and targets, editable by province admins; not deleted once entries are counted in them."""

    model = CPDPeriod
    icon = "date"
    menu_label = _("CPD periods")
    menu_order = 2
    list_display = ["name", "starts_on", "ends_on", "target_hours", "professional_share_percent"]
    list_export = ["name", "starts_on", "ends_on", "target_hours", "min_professional_share"]
    form_fields = ["name", "starts_on", "ends_on", "target_hours", "min_professional_share"]
    copy_view_enabled = False
    add_to_reference_index = False


class CertificateFilterSet(WagtailFilterSet):
    organization = django_filters.ModelChoiceFilter(
        label=_("Organization"),
        queryset=lambda request: Organization.objects.visible_to(request.user),
        method="filter_organization",
    )
    issued_on = django_filters.DateFromToRangeFilter(label=_("Date of issue"), widget=DateRangePickerWidget)
    revoked = django_filters.BooleanFilter(label=_("Revoked"), field_name="revoked_at", lookup_expr="isnull",
                                           exclude=True)

    class Meta:
        model = Certificate
        fields = ["kind"]

    def filter_organization(self, queryset, name, value):
        return queryset.filter(holder__organization__path__startswith=value.path) if value else queryset


class CertificateIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("holder__organization")

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.revoked_at is None and self.request.user.has_perm(certificate_admin_views.REVOKE_PERMISSION):
            url = reverse("cpd_certificate_revoke", args=[instance.pk])
            buttons.append(ListingButton(_("Revoke"), url, icon_name="cross", priority=50))
        return buttons


class CertificateHistoryView(HistoryView):
    any_permission_required = ["view"]


class CertificateViewSet(ExportViewSetMixin, ScopedViewSetMixin, ModelViewSet):
    """Issued certificates, read-only and scoped like people; issued and revoked through cpd.services."""

    model = Certificate
    icon = "doc-full"
    menu_label = _("Certificates")
    menu_order = 3
    index_view_class = CertificateIndexView
    history_view_class = CertificateHistoryView
    filterset_class = CertificateFilterSet
    ordering = ["-issued_on", "-pk"]
    list_display = ["holder", "title", "kind", "issuer", "issued_on", "revoked_at"]
    list_export = ["holder", "holder.organization", "get_kind_display", "title", "issuer", "issued_on", "code",
                   "revoked_at", "revocation_reason"]
    export_headings = {
        "holder": _("Holder"),
        "holder.organization": _("Organization"),
        "get_kind_display": _("Kind"),
        "title": _("Title"),
        "issuer": _("Issuer"),
        "issued_on": _("Date of issue"),
        "code": _("Verification code"),
        "revoked_at": _("Revoked at"),
        "revocation_reason": _("Reason for revocation"),
    }
    export_filename = "certificates"
    search_fields = ["title", "code", "holder__real_name", "holder__email"]
    inspect_view_enabled = True
    inspect_view_fields = ["holder", "kind", "title", "issuer", "issued_on", "code", "source_ref", "issued_by",
                           "revoked_at", "revocation_reason", "created_at"]
    copy_view_enabled = False
    add_to_reference_index = False
    form_fields = []  # never used: the permission policy refuses add, change and delete to everyone


class ContinuingEducationGroup(ModelViewSetGroup):
    menu_label = _("Continuing education")
    menu_icon = "tasks"
    menu_order = 310
    items = (CreditEntryViewSet("credit_entries"), CPDPeriodViewSet("cpd_periods"), CertificateViewSet("certificates"))


@hooks.register("register_admin_viewset")
def register_cpd_viewsets():
    return ContinuingEducationGroup()


@hooks.register("register_admin_urls")
def register_claim_queue_urls():
    urls = [
        path("", admin_views.ClaimQueueView.as_view(), name="cpd_claims_queue"),
        path("<rowid:claim_id>/decide/", admin_views.DecideClaimView.as_view(), name="cpd_claims_decide"),
        path("approve/", admin_views.BulkApproveClaimsView.as_view(), name="cpd_claims_bulk_approve"),
    ]
    certificate_urls = [
        path("issue/", certificate_admin_views.BulkIssueView.as_view(), name="cpd_certificates_issue"),
        path(
            "<rowid:pk>/revoke/", certificate_admin_views.RevokeCertificateView.as_view(), name="cpd_certificate_revoke"
        ),
    ]
    correction_urls = [
        path("<rowid:pk>/reverse/", correction_views.ReverseCreditView.as_view(), name="cpd_credit_reverse"),
        path("adjust/", correction_views.AdjustmentView.as_view(), name="cpd_credit_adjust"),
    ]
    return [
        path("cpd/claims/", include(urls)),
        path("cpd/certificates/", include(certificate_urls)),
        path("cpd/corrections/", include(correction_urls)),
    ]


@hooks.register("register_admin_menu_item")
def register_bulk_issue_menu_item():
    return PermissionMenuItem(
        _("Issue certificates"),
        "cpd_certificates_issue",
        certificate_admin_views.ISSUE_PERMISSION,
        name="cpd-issue-certificates",
        icon_name="doc-full",
        order=312,
    )


@hooks.register("register_admin_menu_item")
def register_claim_queue_menu_item():
    return PermissionMenuItem(
        _("External activity claims"), "cpd_claims_queue", admin_views.PERMISSION, name="cpd-claims",
        icon_name="form", order=311,
    )


@hooks.register("register_log_actions")
def register_cpd_log_actions(actions):
    actions.register_action("cpd.credit.recorded", _("Record credit"), _("Credit recorded"))
    actions.register_action("cpd.credit.reversed", _("Reverse credit"), _("Credit reversed"))
    actions.register_action("cpd.credit.adjusted", _("Adjust credit"), _("Credit adjusted by hand"))
    actions.register_action("cpd.certificate.issued", _("Issue certificate"), _("Certificate issued"))
    actions.register_action("cpd.certificate.revoked", _("Revoke certificate"), _("Certificate revoked"))
    actions.register_action("cpd.claim.submitted", _("Submit claim"), _("Claim submitted"))
    actions.register_action("cpd.claim.approved", _("Approve claim"), _("Claim approved"))
    actions.register_action("cpd.claim.rejected", _("Reject claim"), _("Claim rejected"))
