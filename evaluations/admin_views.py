"""Evaluation screens of the Wagtail admin: a campaign's page (open, close, peers), the moderation queue, the
results of a campaign for the reader's scope (aggregates only, same minimum as everywhere, with CSV/XLSX export
through exports.views.ExportMixin), and making a new version of a questionnaire. Thin callers of services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from exports.views import ExportMixin, export_url
from people.models import User

from . import services
from .models import Answer, Campaign, Participant, Questionnaire, Response, Source
from .results import results_for

PAGE_SIZE = 25
MODERATE = "evaluations.change_response"


class PermissionView(View):
    permission = "evaluations.change_campaign"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def managed_campaign(request, campaign_id) -> Campaign:
    return get_object_or_404(Campaign.objects.visible_to(request.user).select_related("organization"),
                             pk=campaign_id)


class CampaignView(PermissionView):
    """One campaign: its facts, its counts, and the steps its admins take."""

    def get(self, request, campaign_id):
        campaign = managed_campaign(request, campaign_id)
        counts = campaign.participants.aggregate(
            participants=Count("pk", distinct=True),
            peers=Count("peer_assignments", distinct=True),
            peers_done=Count("peer_assignments", filter=Q(peer_assignments__answered_at__isnull=False),
                             distinct=True),
        )
        by_source = dict(Response.objects.counted().filter(participant__campaign=campaign).values_list("source")
                         .annotate(n=Count("pk")).values_list("source", "n"))
        waiting = Response.objects.filter(participant__campaign=campaign).awaiting_moderation().count()
        return TemplateResponse(request, "evaluations/admin/campaign.html", {
            "campaign": campaign, "page_title": campaign.name, "counts": counts, "waiting": waiting,
            "sources": [(label, by_source.get(value, 0)) for value, label in Source.choices],
            "questionnaires": {campaign.questionnaire_for(source) for source in Source.values},
        })


class CampaignActionView(PermissionView):
    def post(self, request, campaign_id):
        campaign = managed_campaign(request, campaign_id)
        action = request.POST.get("action")
        try:
            if action == "open":
                count = services.open_campaign(campaign.pk, actor=request.user)
                messages.success(request, _("The campaign is open; %(count)s counselors are evaluated.")
                                 % {"count": count})
            elif action == "close":
                services.close_campaign(campaign.pk, actor=request.user)
                messages.success(request, _("The campaign is closed; its results can be read."))
            elif action == "auto_peers":
                count = services.auto_assign_peers(campaign.pk, actor=request.user)
                messages.success(request, _("%(count)s peer evaluations were assigned.") % {"count": count})
            elif action == "assign_peer":
                self.assign_one(request, campaign)
            else:
                messages.error(request, _("The decision could not be read; try again."))
        except services.EvaluationError as error:
            messages.error(request, error.message)
        return redirect("evaluations_campaign", campaign_id=campaign.pk)

    def assign_one(self, request, campaign):
        emails = [(request.POST.get(name) or "").strip().lower()[:254] for name in ("counselor", "peer")]
        people = {user.email: user for user in User.objects.visible_to(request.user).filter(email__in=emails)}
        participant = Participant.objects.filter(campaign=campaign, counselor=people.get(emails[0])).first() if (
            emails[0] in people) else None
        if participant is None or emails[1] not in people:
            raise services.EvaluationError(
                _("Give the e-mail of a counselor evaluated in this campaign and of a colleague."), code="not_found"
            )
        services.assign_peer(participant.pk, people[emails[1]], actor=request.user)
        messages.success(request, _("%(peer)s is asked to evaluate %(counselor)s.")
                         % {"peer": people[emails[1]], "counselor": participant.counselor})


class ModerationQueueView(PermissionView):
    """Society responses and free-text comments waiting for a moderator of the campaign (its admins)."""

    permission = MODERATE
    page_title = gettext_lazy("Evaluation moderation")

    def get(self, request):
        responses = (
            Response.objects.moderated_by(request.user).awaiting_moderation()
            .exclude(participant__counselor=request.user)
            .select_related("participant__counselor__organization", "participant__campaign", "questionnaire")
            .prefetch_related(Prefetch("answers", queryset=Answer.objects.select_related("item")
                                       .order_by("item__sort_order", "item_id")))
            .order_by("submitted_at", "pk")
        )
        page = Paginator(responses, PAGE_SIZE).get_page(request.GET.get("p"))
        for response in page:
            scores = [answer.score for answer in response.answers.all() if answer.score]
            response.mean = round(sum(scores) / len(scores), 1) if scores else None
            response.comments = [answer.text for answer in response.answers.all() if answer.text]
        return TemplateResponse(request, "evaluations/admin/moderation.html", {
            "page_obj": page, "page_title": self.page_title, "icon": "comment",
        })


class ModerateView(PermissionView):
    permission = MODERATE

    def post(self, request, response_id):
        try:
            services.moderate(response_id, actor=request.user, decision=request.POST.get("decision", ""))
        except services.EvaluationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The response is moderated."))
        return redirect("evaluations_moderation")


class ResultsView(ExportMixin, TemplateView):
    """The results of one campaign for the reader's people: aggregates only, the minimum applied per source and in
    total exactly as the counselor sees them. Exported as CSV or XLSX with the same rule."""

    template_name = "evaluations/admin/results.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("evaluations.view_campaign"):
            raise PermissionDenied
        self.campaign = Campaign.objects.covering(request.user).filter(pk=kwargs["campaign_id"]).first()
        if self.campaign is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def participants(self):
        return Participant.objects.visible_to(self.request.user).filter(campaign=self.campaign).select_related(
            "campaign", "counselor__organization"
        ).order_by("counselor__organization__name", "counselor__real_name", "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = Paginator(self.participants(), PAGE_SIZE).get_page(self.request.GET.get("p"))
        results = results_for(list(page))
        context.update(
            campaign=self.campaign, page_title=_("Results: %(name)s") % {"name": self.campaign.name},
            page_obj=page, rows=[(participant, results[participant.pk]) for participant in page],
            sources=Source.choices, csv_url=export_url(self.request, "csv"), xlsx_url=export_url(self.request, "xlsx"),
        )
        return context

    def get_export_filename(self) -> str:
        return f"evaluation-results-{self.campaign.pk}"

    def get_export_headings(self) -> list:
        headings = [_("Counselor"), _("E-mail"), _("Organization"), _("Responses")]
        for _value, label in Source.choices:
            headings += [_("%(source)s: responses") % {"source": label}, _("%(source)s: score") % {"source": label}]
        return [*headings, _("Composite score")]

    def get_export_items(self):
        return self.participants()

    def iterate_export_items(self):
        chunk = []
        for participant in self.participants().iterator(chunk_size=500):
            chunk.append(participant)
            if len(chunk) == 500:
                yield from self._with_results(chunk)
                chunk = []
        if chunk:
            yield from self._with_results(chunk)

    @staticmethod
    def _with_results(chunk):
        results = results_for(chunk)
        return [(participant, results[participant.pk]) for participant in chunk]

    def get_export_row(self, item) -> list:
        participant, result = item
        counselor = participant.counselor
        row = [counselor.real_name, counselor.email, str(counselor.organization or ""), result.total_responses]
        not_enough = _("not enough responses")
        for source in result.sources:
            row += [source.responses if source.shown else not_enough,
                    source.score if source.shown else not_enough]
        row.append(result.composite if result.composite is not None else (
            not_enough if result.final else _("after closing")))
        return row


class NewVersionView(PermissionView):
    """A province admin makes an editable copy of a questionnaire (the only way to change a locked one)."""

    permission = "evaluations.change_questionnaire"

    def get(self, request, questionnaire_id):
        questionnaire = get_object_or_404(Questionnaire, pk=questionnaire_id)
        return TemplateResponse(request, "evaluations/admin/new_version.html", {
            "questionnaire": questionnaire, "page_title": _("New version of %(name)s") % {"name": questionnaire},
            "used_by": Campaign.objects.filter(
                Q(questionnaire=questionnaire) | Q(peer_questionnaire=questionnaire)
                | Q(student_questionnaire=questionnaire) | Q(society_questionnaire=questionnaire)
            ).order_by("-opens_on")[:20],
        })

    def post(self, request, questionnaire_id):
        try:
            copy = services.new_version(questionnaire_id, actor=request.user)
        except services.EvaluationError as error:
            messages.error(request, error.message)
            return redirect("evaluation_questionnaires:index")
        messages.success(request, _("Version %(version)s is ready to edit.") % {"version": copy.version})
        return redirect(reverse("evaluation_questionnaires:edit", args=[copy.pk]))

