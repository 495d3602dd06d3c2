"""Certification in the Wagtail admin: level records (scoped like people), the requirement editor (every save is a
new version; old versions are read-only), assessment rounds with their action page, the application queue, and the
audit log actions of certification.services."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from exports.viewsets import ExportViewSetMixin
from lms.admin_menu import PermissionMenuItem
from people.scoping import ScopedViewSetMixin

from . import admin_views, import_admin  # noqa: F401  (import_admin registers the legacy import's screen and menu)
from .admin_forms import RequirementSetForm
from .models import AssessmentRound, LevelRecord, RequirementSet


class LevelRecordViewSet(ExportViewSetMixin, ScopedViewSetMixin, ModelViewSet):
    model = LevelRecord
    icon = "pick"
    menu_label = _("Level records")
    list_display = ["holder", "level", "obtained_on", "basis", "certificate_number", "revoked_at"]
    list_filter = ["level", "basis"]
    list_export = ["holder", "level", "obtained_on", "basis", "certificate_number", "revoked_at"]
    search_fields = ["holder__real_name", "holder__email", "certificate_number"]
    form_fields = ["holder", "level", "obtained_on", "basis", "certificate_number", "revoked_at", "revocation_reason"]
    copy_view_enabled = False


class RequirementSetViewSet(ModelViewSet):
    """Province admins add versions (or copy an older one into a new version); nobody edits or deletes one, so an
    application always keeps the version it was judged by."""

    model = RequirementSet
    icon = "list-ul"
    menu_label = _("Requirements")
    list_display = ["level", "version", "effective_from", "note", "created_by", "created_at"]
    list_filter = ["level"]
    form_class = RequirementSetForm
    copy_view_enabled = True
    inspect_view_enabled = True
    inspect_view_fields = ["level", "version", "effective_from", "note", "rules", "created_by", "created_at"]

    def get_form_class(self, for_update=False):
        return RequirementSetForm


class AssessmentRoundViewSet(ModelViewSet):
    model = AssessmentRound
    icon = "date"
    menu_label = _("Assessment rounds")
    list_display = ["name", "level", "status", "applications_open_on", "applications_close_on", "exam_on"]
    list_filter = ["level", "status"]
    form_fields = [
        "name", "level", "applications_open_on", "applications_close_on", "exam_on", "assessment_on", "chair",
        "skills_rubric", "review_rubric", "panel_size", "publicity_days",
    ]
    copy_view_enabled = False
    inspect_view_enabled = False

    def get_edit_url(self, instance):
        return reverse("certification_round", args=[instance.pk])


class CertificationGroup(ViewSetGroup):
    menu_label = _("Certification")
    menu_icon = "pick"
    menu_order = 320
    items = (
        LevelRecordViewSet("level_records"), RequirementSetViewSet("requirement_sets"),
        AssessmentRoundViewSet("assessment_rounds"),
    )


@hooks.register("register_admin_viewset")
def register_certification_viewsets():
    return CertificationGroup()


@hooks.register("register_admin_urls")
def register_certification_urls():
    urls = [
        path("applications/", admin_views.ApplicationQueueView.as_view(), name="certification_queue"),
        path("applications/<rowid:application_id>/decide/", admin_views.DecideApplicationView.as_view(),
             name="certification_decide"),
        path("rounds/<rowid:round_id>/", admin_views.RoundView.as_view(), name="certification_round"),
        path("rounds/<rowid:round_id>/<slug:action>/", admin_views.RoundActionView.as_view(),
             name="certification_round_action"),
    ]
    return [path("certification/", include(urls))]


@hooks.register("register_admin_menu_item")
def register_application_queue_menu_item():
    return PermissionMenuItem(
        _("Level applications"), "certification_queue", admin_views.QUEUE_PERMISSION, name="certification-queue",
        icon_name="form", order=321,
    )


@hooks.register("register_log_actions")
def register_certification_log_actions(actions):
    for action, label, message in [
        ("certification.application.submitted", _("Submit application"), _("Application submitted")),
        ("certification.application.withdrawn", _("Withdraw application"), _("Application withdrawn")),
        ("certification.application.endorsed", _("Endorse application"), _("Endorsed by the organization")),
        ("certification.application.returned", _("Return application"), _("Returned to the applicant")),
        ("certification.application.accepted", _("Accept into round"), _("Accepted into an assessment round")),
        ("certification.application.scored", _("Record score"), _("Assessment score recorded")),
        ("certification.application.passed", _("Pass"), _("Passed: level awarded")),
        ("certification.application.failed", _("Fail"), _("Not passed")),
        ("certification.round.opened", _("Open round"), _("Round opened")),
        ("certification.round.panels_assigned", _("Assign panels"), _("Expert panels assigned")),
        ("certification.round.publicity", _("Start publicity"), _("Results in publicity")),
        ("certification.round.published", _("Publish results"), _("Results published")),
    ]:
        actions.register_action(action, label, message)
