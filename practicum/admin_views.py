"""Practicum screens of the Wagtail admin: the placement queue by status (scoped to the admin's subtree) with the
decisions that wait for an admin (approve or decline a proposal, re-send the supervisor's link, withdraw), and
arranging a placement for a counselor of one's scope. Thin callers of practicum.services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Sum
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from . import services
from .forms import ArrangePlacementForm
from .models import Placement, SignoffLink

PERMISSION = "practicum.change_placement"
PAGE_SIZE = 30


def _back_to_queue(status):
    url = reverse("practicum_queue")
    return redirect(f"{url}?status={status}" if status in [*Placement.Status.values, "all"] else url)


class PermissionView(View):
    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class PlacementQueueView(PermissionView):
    page_title = gettext_lazy("Practice placements")

    def get(self, request):
        status = request.GET.get("status", Placement.Status.PROPOSED)
        if status not in Placement.Status.values and status != "all":
            status = Placement.Status.PROPOSED
        visible = Placement.objects.visible_to(request.user)
        placements = visible if status == "all" else visible.filter(status=status)
        placements = (
            placements.select_related("counselor__organization", "partner__city")
            .annotate(logged=Sum("entries__hours"))
            .prefetch_related(Prefetch("links", queryset=SignoffLink.objects.order_by("-created_at", "-pk"),
                                       to_attr="link_list"))
            .order_by("-starts_on", "-pk")
        )
        counts = dict(visible.order_by().values_list("status").annotate(n=Count("pk")))
        page = Paginator(placements, PAGE_SIZE).get_page(request.GET.get("p"))
        for item in page:
            item.last_link = item.link_list[0] if item.link_list else None
        return TemplateResponse(request, "practicum/admin/queue.html", {
            "page_obj": page, "page_title": self.page_title, "status": status, "icon": "group",
            "tabs": [(value, label, counts.get(value, 0)) for value, label in Placement.Status.choices],
        })


class DecidePlacementView(PermissionView):
    def post(self, request, placement_id):
        decision = request.POST.get("decision")
        actions = {
            "approve": (lambda: services.approve_proposal(placement_id, actor=request.user),
                        _("The placement is approved.")),
            "decline": (lambda: services.decline_proposal(placement_id, actor=request.user,
                                                          reason=request.POST.get("reason", "")),
                        _("The proposal is declined.")),
            "resend": (lambda: services.resend_link(placement_id, actor=request.user),
                       _("A new sign-off link is on its way to the supervisor; the old one no longer works.")),
            "withdraw": (lambda: services.withdraw(placement_id, request.user), _("The placement is withdrawn.")),
        }
        if decision not in actions:
            messages.error(request, _("The decision could not be read; try again."))
        else:
            action, success = actions[decision]
            try:
                action()
            except services.PracticumError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, success)
        return _back_to_queue(request.POST.get("status"))


class ArrangePlacementView(PermissionView):
    page_title = gettext_lazy("Arrange a placement")

    def get(self, request):
        return TemplateResponse(request, "practicum/admin/arrange.html",
                                {"form": ArrangePlacementForm(user=request.user), "page_title": self.page_title})

    def post(self, request):
        form = ArrangePlacementForm(request.POST, user=request.user)
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                services.create_placement(request.user, counselor=data.pop("counselor"), **data)
            except services.PracticumError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("The placement is planned; the counselor can start the log."))
                return _back_to_queue(Placement.Status.PLANNED)
        return TemplateResponse(request, "practicum/admin/arrange.html",
                                {"form": form, "page_title": self.page_title}, status=400)
