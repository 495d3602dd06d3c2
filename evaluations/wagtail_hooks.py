"""Evaluations in the Wagtail admin: campaigns (scoped to the organizations one manages), questionnaires (province
admins edit, a used one only through a new version), the moderation queue, a campaign's page and results, the log
actions, and the staff's waiting work."""

from django.contrib import messages
from django.forms import modelform_factory
from django.shortcuts import redirect
from django.urls import include, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.models import CreateView, EditView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from lms.admin_menu import PermissionMenuItem
from people.scoping import ScopedViewSetMixin

from . import admin_views, dashboard
from .admin_forms import CampaignForm
from .models import Campaign, Questionnaire


class LinkColumn(Column):
    """A column with one link per row, built from the row's id."""

    def __init__(self, name, label, url_name, text):
        super().__init__(name, label=label)
        self.url_name, self.text = url_name, text

    def get_value(self, instance):
        return format_html('<a href="{}">{}</a>', reverse(self.url_name, args=[instance.pk]), self.text)


class CampaignCreateView(CreateView):
    def save_instance(self):
        instance = self.form.save(commit=False)
        instance.created_by = self.request.user
        instance.save()
        self.form.save_m2m()
        return instance


class CampaignViewSet(ScopedViewSetMixin, ModelViewSet):
    model = Campaign
    icon = "date"
    menu_label = _("Evaluation campaigns")
    menu_order = 1
    add_view_class = CampaignCreateView
    list_display = ["name", "organization", "opens_on", "closes_on", "status",
                    LinkColumn("manage", _("Manage"), "evaluations_campaign", _("Manage")),
                    LinkColumn("results", _("Evaluation results"), "evaluations_results", _("Evaluation results"))]
    list_filter = ["status"]
    search_fields = ["name"]
    form_fields = ["name", "organization", "opens_on", "closes_on", "questionnaire", "peer_questionnaire",
                   "student_questionnaire", "society_questionnaire", "peer_weight", "student_weight",
                   "society_weight", "min_responses", "peer_selection", "peers_per_counselor"]
    copy_view_enabled = False
    inspect_view_enabled = False

    def get_form_class(self, for_update=False):
        return modelform_factory(self.model, form=CampaignForm, formfield_callback=self.formfield_for_dbfield,
                                 fields=self.form_fields)


class QuestionnaireEditView(EditView):
    """A questionnaire used by a campaign is read-only: its edit page leads to making a new version instead (and
    Questionnaire.clean refuses a save that gets through anyway)."""

    def dispatch(self, request, *args, **kwargs):
        questionnaire = Questionnaire.objects.filter(pk=kwargs.get("pk")).only("locked_at").first()
        if questionnaire is not None and questionnaire.is_locked:
            messages.warning(request, _("This questionnaire is used by a campaign and can no longer change; make a "
                                        "new version instead."))
            return redirect("evaluations_new_version", questionnaire_id=questionnaire.pk)
        return super().dispatch(request, *args, **kwargs)


class QuestionnaireViewSet(ModelViewSet):
    model = Questionnaire
    icon = "form"
    menu_label = _("Evaluation questionnaires")
    menu_order = 2
    edit_view_class = QuestionnaireEditView
    list_display = ["__str__", "locked_at", "created_at",
                    LinkColumn("version", _("New version"), "evaluations_new_version", _("Make a new version"))]
    search_fields = ["name"]
    copy_view_enabled = False
    inspect_view_enabled = False


class EvaluationsGroup(ViewSetGroup):
    menu_label = _("Counselor evaluations")
    menu_icon = "comment"
    menu_order = 327
    items = (CampaignViewSet("evaluation_campaigns"), QuestionnaireViewSet("evaluation_questionnaires"))


@hooks.register("register_admin_viewset")
def register_evaluation_viewsets():
    return EvaluationsGroup()


@hooks.register("register_admin_menu_item")
def register_moderation_menu_item():
    return PermissionMenuItem(_("Evaluation moderation"), "evaluations_moderation", admin_views.MODERATE,
                              name="evaluation-moderation", icon_name="comment", order=328)


@hooks.register("register_admin_urls")
def register_evaluation_urls():
    urls = [
        path("campaigns/<rowid:campaign_id>/", admin_views.CampaignView.as_view(), name="evaluations_campaign"),
        path("campaigns/<rowid:campaign_id>/act/", admin_views.CampaignActionView.as_view(),
             name="evaluations_campaign_act"),
        path("campaigns/<rowid:campaign_id>/results/", admin_views.ResultsView.as_view(), name="evaluations_results"),
        path("moderation/", admin_views.ModerationQueueView.as_view(), name="evaluations_moderation"),
        path("moderation/<rowid:response_id>/", admin_views.ModerateView.as_view(), name="evaluations_moderate"),
        path("questionnaires/<rowid:questionnaire_id>/version/", admin_views.NewVersionView.as_view(),
             name="evaluations_new_version"),
    ]
    return [path("evaluations/", include(urls))]


@hooks.register("register_log_actions")
def register_evaluation_log_actions(actions):
    for action, label, message in [
        ("evaluations.questionnaire.versioned", _("New questionnaire version"),
         _("Questionnaire copied as a new version")),
        ("evaluations.campaign.opened", _("Open campaign"), _("Evaluation campaign opened")),
        ("evaluations.campaign.closed", _("Close campaign"), _("Evaluation campaign closed")),
        ("evaluations.peer.assigned", _("Assign peer"), _("Peer evaluator assigned")),
        ("evaluations.peer.auto_assigned", _("Assign peers"), _("Peer evaluators assigned automatically")),
        ("evaluations.response.accepted", _("Accept response"), _("Evaluation response accepted by a moderator")),
        ("evaluations.response.rejected", _("Reject response"), _("Evaluation response rejected by a moderator")),
    ]:
        actions.register_action(action, label, message)


@hooks.register("lms_waiting_work")
def evaluation_waiting_work(user):
    return dashboard.waiting_work(user)


@hooks.register("lms_dashboard_cards")
def evaluation_dashboard_card(user):
    return dashboard.dashboard_card(user)
