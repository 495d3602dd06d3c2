"""Chief counselor screens of the Wagtail admin: the nomination queue by status (scoped: organization admins see
their own subtree's nominees), endorse / return self-nominations, nominate a 一级 holder, start a round's expert review
and appoint recommended nominees (province admins). Thin callers of chiefs.services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from experts.models import Panel

from . import services
from .forms import AdminNominationForm
from .models import ChiefRound, Nomination, NominationEvidence

PERMISSION = "chiefs.change_nomination"
PAGE_SIZE = 30


def _back_to_queue(status):
    url = reverse("chiefs_queue")
    return redirect(f"{url}?status={status}" if status in [*Nomination.Status.values, "all"] else url)


class PermissionView(View):
    permission = PERMISSION

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class NominationQueueView(PermissionView):
    page_title = gettext_lazy("Chief counselor nominations")

    def get(self, request):
        status = request.GET.get("status", Nomination.Status.AWAITING_ENDORSEMENT)
        if status not in Nomination.Status.values and status != "all":
            status = Nomination.Status.AWAITING_ENDORSEMENT
        visible = Nomination.objects.visible_to(request.user)
        nominations = visible if status == "all" else visible.filter(status=status)
        nominations = nominations.select_related("nominee__organization", "round", "city").prefetch_related(
            Prefetch("evidence", queryset=NominationEvidence.objects.order_by("pk"))
        ).order_by("-submitted_at", "-pk")
        counts = dict(visible.order_by().values_list("status").annotate(n=Count("pk")))
        page = Paginator(nominations, PAGE_SIZE).get_page(request.GET.get("p"))
        panels = dict(
            Panel.objects.filter(
                content_type__app_label="chiefs", object_id__in=[n.pk for n in page]
            ).values_list("object_id", "pk")
        )
        for nomination in page:
            nomination.panel_id = panels.get(nomination.pk)
        return TemplateResponse(request, "chiefs/admin/queue.html", {
            "page_obj": page, "page_title": self.page_title, "status": status, "icon": "pick",
            "tabs": [(value, label, counts.get(value, 0)) for value, label in Nomination.Status.choices],
            "rounds": ChiefRound.objects.exclude(status=ChiefRound.Status.CLOSED)[:10],
        })


class DecideNominationView(PermissionView):
    def post(self, request, nomination_id):
        decision = request.POST.get("decision")
        try:
            if decision == "endorse":
                services.endorse_nomination(nomination_id, actor=request.user)
                messages.success(request, _("The nomination is endorsed."))
            elif decision == "return":
                services.return_nomination(nomination_id, actor=request.user, reason=request.POST.get("reason", ""))
                messages.success(request, _("The nomination is returned to the nominee."))
            elif decision == "appoint":
                services.appoint(nomination_id, actor=request.user)
                messages.success(request, _("The chief counselor is appointed; the certificate is being issued."))
            else:
                messages.error(request, _("The decision could not be read; try again."))
        except services.ChiefError as error:
            messages.error(request, error.message)
        return _back_to_queue(request.POST.get("status"))


class StartReviewView(PermissionView):
    def post(self, request, round_id):
        try:
            count = services.start_review(round_id, actor=request.user)
        except services.ChiefError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("%(count)s review panels were seated.") % {"count": count})
        return _back_to_queue(Nomination.Status.IN_REVIEW)


class NominateView(PermissionView):
    page_title = gettext_lazy("Nominate a chief counselor")

    def _form(self, request):
        return AdminNominationForm(
            request.POST or None, request.FILES or None, user=request.user, top_level=services.top_ladder_level(),
            rounds=ChiefRound.objects.filter(status=ChiefRound.Status.NOMINATING),
        )

    def get(self, request):
        return TemplateResponse(request, "chiefs/admin/nominate.html",
                                {"form": self._form(request), "page_title": self.page_title})

    def post(self, request):
        form = self._form(request)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.nominate(
                    request.user, round_id=data["round"].pk, nominee=data["nominee"], route=data["route"],
                    statement=data["statement"], achievements=data["achievements"], files=data["files"],
                )
            except services.ChiefError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("The nomination is submitted and counts as endorsed by your organization."))
                return _back_to_queue(Nomination.Status.ENDORSED)
        return TemplateResponse(request, "chiefs/admin/nominate.html",
                                {"form": form, "page_title": self.page_title}, status=400)
