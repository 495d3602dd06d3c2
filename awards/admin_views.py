"""Award screens of the Wagtail admin: the nomination queue by status (scoped; ranked by panel result under review),
nominating (choosers limited to the admin's scope), the nomination page with dossier, panel and decisions, the quota
board with the totals and allocations of a cycle, and the province's bulk review and roll publication. Thin callers
of awards.services; every page runs the same queries whatever the number of rows."""

from django import forms
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.models import ModelLogEntry

from experts.models import Objection, Panel, Publicity
from people.models import Organization

from . import services
from .dossiers import dossier
from .models import Allocation, AwardType, Cycle, Nomination, Quota

PAGE_SIZE = 30
ALLOCATABLE = [Organization.Kind.CITY, Organization.Kind.UNIVERSITY]


class PermissionView(View):
    permission = "awards.view_nomination"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class QueueView(PermissionView):
    """Nominations of one's scope by status, filtered by cycle and award type; under review, ranked by result."""

    page_title = gettext_lazy("Award nominations")

    def get(self, request):
        status = request.GET.get("status", "all")
        if status not in Nomination.Status.values:
            status = "all"
        visible = Nomination.objects.visible_to(request.user)
        cycles = list(Cycle.objects.all()[:20])
        types = list(AwardType.objects.all())
        cycle_id, type_id = _int(request.GET.get("cycle")), _int(request.GET.get("type"))
        if cycle_id:
            visible = visible.filter(cycle_id=cycle_id)
        if type_id:
            visible = visible.filter(award_type_id=type_id)
        counts = dict(visible.order_by().values_list("status").annotate(n=Count("pk")))
        listed = visible if status == "all" else visible.filter(status=status)
        ranked = status in (Nomination.Status.IN_REVIEW, Nomination.Status.RECOMMENDED)
        order = ["award_type__sort_order", "-review_score", "pk"] if ranked else ["-created_at", "-pk"]
        listed = listed.select_related("award_type", "cycle", "organization", "city").order_by(*order)
        page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("p"))
        panels = dict(
            Panel.objects.filter(content_type=ContentType.objects.get_for_model(Nomination),
                                 object_id__in=[n.pk for n in page]).values_list("object_id", "pk")
        )
        for nomination in page:
            nomination.panel_id = panels.get(nomination.pk)
        query = "&".join(f"{name}={value}" for name, value in (("cycle", cycle_id), ("type", type_id)) if value)
        return TemplateResponse(request, "awards/admin/queue.html", {
            "page_obj": page, "page_title": self.page_title, "status": status, "icon": "success",
            "tabs": [(value, label, counts.get(value, 0)) for value, label in Nomination.Status.choices],
            "total": sum(counts.values()), "cycles": cycles, "types": types, "cycle_id": cycle_id,
            "type_id": type_id, "query": query, "ranked": ranked,
            "may_nominate": request.user.has_perm("awards.add_nomination"),
            "province": request.user.manages_whole_province,
        })


class NominationForm(forms.Form):
    cycle = forms.ModelChoiceField(label=gettext_lazy("Cycle"), queryset=Cycle.objects.none())
    nominee = forms.ModelChoiceField(label=gettext_lazy("Nominee"), queryset=Cycle.objects.none())
    statement = forms.CharField(
        label=gettext_lazy("Recommendation"), widget=forms.Textarea(attrs={"rows": 8}), max_length=8000,
        help_text=gettext_lazy("Why the nominee deserves the award: achievements, results, what others can learn."),
    )

    def __init__(self, *args, user, award_type, **kwargs):
        super().__init__(*args, **kwargs)
        open_ids = [cycle.pk for cycle in Cycle.objects.filter(status=Cycle.Status.NOMINATING) if cycle.is_nominating()]
        self.fields["cycle"].queryset = Cycle.objects.filter(pk__in=open_ids)
        self.fields["nominee"].queryset = services.eligible_nominees(user, award_type)
        self.fields["nominee"].help_text = {
            "studio": gettext_lazy("Open studios of your organization."),
            "course": gettext_lazy("Any published course of the platform."),
            "counselor": gettext_lazy("Approved counselors of your organization."),
        }[award_type.nominee_kind]


class NominateView(PermissionView):
    permission = "awards.add_nomination"

    def _award_type(self, request):
        return AwardType.objects.filter(code=request.GET.get("type", "")).first() or AwardType.objects.first()

    def _render(self, request, form, award_type, status=200):
        return TemplateResponse(request, "awards/admin/nominate.html", {
            "form": form, "award_type": award_type, "types": AwardType.objects.all(),
            "page_title": _("Nominate: %(award)s") % {"award": award_type.name},
        }, status=status)

    def get(self, request):
        award_type = self._award_type(request)
        return self._render(request, NominationForm(user=request.user, award_type=award_type), award_type)

    def post(self, request):
        award_type = self._award_type(request)
        form = NominationForm(request.POST, user=request.user, award_type=award_type)
        if form.is_valid():
            data = form.cleaned_data
            submit = request.POST.get("action") != "draft"
            try:
                nomination = services.create_nomination(
                    request.user, cycle_id=data["cycle"].pk, award_type_id=award_type.pk, nominee=data["nominee"],
                    statement=data["statement"], submit=submit,
                )
            except services.AwardError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("The nomination is submitted and holds a seat of your allocation.")
                                 if submit else _("The nomination is saved as a draft."))
                return redirect("awards_nomination", nomination.pk)
        return self._render(request, form, award_type, status=400)


class NominationView(PermissionView):
    """One nomination: the recommendation, the dossier, the panel, the publicity and objections, the decisions
    open to the user, and the history."""

    def get(self, request, nomination_id):
        nomination = get_object_or_404(
            Nomination.objects.visible_to(request.user).select_related(
                "award_type", "cycle", "organization", "city", "nominated_by", "allocation__organization",
                "certificate", "quota",
            ),
            pk=nomination_id,
        )
        content_type = ContentType.objects.get_for_model(Nomination)
        panel = Panel.objects.filter(content_type=content_type, object_id=nomination.pk).first()
        publicity = Publicity.objects.filter(content_type=content_type, object_id=nomination.pk).first()
        objections = list(publicity.objections.select_related("filed_by").order_by("pk")) if publicity else []
        history = list(
            ModelLogEntry.objects.for_instance(nomination).select_related("user").order_by("-timestamp")[:50]
        )
        return TemplateResponse(request, "awards/admin/nomination.html", {
            "nomination": nomination, "page_title": str(nomination), "panel": panel, "publicity": publicity,
            "objections": objections, "history": history, "sections": dossier([nomination], request)[nomination.pk],
            "may_act": request.user.has_perm("awards.change_nomination"),
            "province": request.user.manages_whole_province,
            "open_objections": any(o.status == Objection.Status.OPEN for o in objections),
        })


ACTIONS = {
    "submit": (lambda pk, user, reason: services.submit(pk, actor=user), gettext_lazy("The nomination is submitted.")),
    "withdraw": (lambda pk, user, reason: services.withdraw(pk, actor=user, reason=reason),
                 gettext_lazy("The nomination is withdrawn; its seat is free again.")),
    "return": (lambda pk, user, reason: services.return_nomination(pk, actor=user, reason=reason),
               gettext_lazy("The nomination is returned to the nominating organization.")),
    "review": (lambda pk, user, reason: services.start_review(pk, actor=user),
               gettext_lazy("An expert panel is seated.")),
    "recommend": (lambda pk, user, reason: services.recommend(pk, actor=user, reason=reason),
                  gettext_lazy("The nomination is recommended.")),
    "not_recommend": (lambda pk, user, reason: services.not_recommend(pk, actor=user, reason=reason),
                      gettext_lazy("The nomination is not recommended.")),
    "publicity": (lambda pk, user, reason: services.open_publicity(pk, actor=user),
                  gettext_lazy("The publicity period is open.")),
    "confirm": (lambda pk, user, reason: services.confirm(pk, actor=user),
                gettext_lazy("The nomination is confirmed.")),
    "refuse": (lambda pk, user, reason: services.refuse(pk, actor=user, reason=reason),
               gettext_lazy("The nomination is refused.")),
}


class ActView(PermissionView):
    permission = "awards.change_nomination"

    def post(self, request, nomination_id):
        action = ACTIONS.get(request.POST.get("action", ""))
        if action is None:
            messages.error(request, _("The decision could not be read; try again."))
        else:
            call, done = action
            try:
                call(nomination_id, request.user, request.POST.get("reason", ""))
            except services.AwardError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, done)
        if request.POST.get("next") == "queue":
            return redirect(reverse("awards_queue") + "?" + request.POST.get("query", ""))
        return redirect("awards_nomination", nomination_id)


class BoardView(PermissionView):
    """The quota board of a cycle: per award type the total, allocated, submitted (holding a seat) and confirmed;
    per organization its allocation and seats taken. Province admins edit totals and allocations here."""

    permission = "awards.view_cycle"

    def get(self, request, cycle_id=None):
        cycles = list(Cycle.objects.all()[:20])
        if cycle_id is None:
            if not cycles:
                return TemplateResponse(request, "awards/admin/board.html", {
                    "page_title": _("Quota board"), "cycles": []})
            return redirect("awards_board_cycle", cycles[0].pk)
        cycle = get_object_or_404(Cycle, pk=cycle_id)
        quotas = list(Quota.objects.filter(cycle=cycle).select_related("award_type").order_by("award_type__sort_order"))
        holding = dict(
            Nomination.objects.filter(cycle=cycle).holding_seat().order_by().values_list("quota_id")
            .annotate(n=Count("pk"))
        )
        allocations = list(
            Allocation.objects.filter(quota__cycle=cycle).select_related("organization").order_by(
                "organization__path", "quota__award_type__sort_order"
            )
        )
        by_org: dict[int, dict] = {}
        for allocation in allocations:
            row = by_org.setdefault(allocation.organization_id, {"organization": allocation.organization, "cells": {}})
            row["cells"][allocation.quota_id] = allocation
        for quota in quotas:
            quota.holding = holding.get(quota.pk, 0)
        rows = [{"organization": row["organization"], "cells": [row["cells"].get(q.pk) for q in quotas]}
                for row in by_org.values()]
        province = request.user.manages_whole_province
        return TemplateResponse(request, "awards/admin/board.html", {
            "page_title": _("Quota board"), "cycle": cycle, "cycles": cycles, "quotas": quotas, "rows": rows,
            "province": province, "icon": "table",
            "organizations": (Organization.objects.filter(kind__in=ALLOCATABLE).order_by("path")
                              if province else []),
        })


class AllocateView(PermissionView):
    permission = "awards.change_cycle"

    def post(self, request, cycle_id):
        quota = Quota.objects.filter(pk=_int(request.POST.get("quota")), cycle_id=cycle_id).first()
        seats = _int(request.POST.get("seats"))
        try:
            if quota is None:
                raise services.AwardError(_("This quota does not exist."), code="not_found")
            if seats is None:
                raise services.AwardError(_("The seats must be a whole number from 0 to 1000."), code="invalid_seats")
            if request.POST.get("organization"):
                organization = Organization.objects.filter(
                    pk=_int(request.POST.get("organization")), kind__in=ALLOCATABLE
                ).first()
                services.set_allocation(quota.pk, organization=organization, seats=seats, actor=request.user)
            else:
                services.set_total(quota.pk, seats=seats, actor=request.user)
        except services.AwardError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The quota is saved."))
        return redirect("awards_board_cycle", cycle_id)


class ReviewAllView(PermissionView):
    permission = "awards.change_nomination"

    def post(self, request, cycle_id):
        try:
            seated, problems = services.start_reviews(cycle_id, _int(request.POST.get("type")), actor=request.user)
        except services.AwardError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("%(count)s review panels were seated.") % {"count": seated})
            for problem in sorted(set(problems)):
                messages.warning(request, problem)
        return redirect(reverse("awards_queue") + f"?status=in_review&cycle={cycle_id}")


class PublishView(PermissionView):
    permission = "awards.change_cycle"

    def post(self, request, cycle_id):
        try:
            count = services.publish_roll(cycle_id, actor=request.user)
        except services.AwardError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The roll of %(count)s awards is published: certificates are issued and the "
                                        "showcase lists them.") % {"count": count})
        return redirect("awards_board_cycle", cycle_id)


def waiting(user) -> list[dict]:
    """The award work waiting for `user` (for the staff home): one count query over their scope."""
    if not user.has_perm("awards.change_nomination"):
        return []
    visible = Nomination.objects.visible_to(user)
    url = reverse("awards_queue")
    if user.manages_whole_province:
        counts = visible.aggregate(
            submitted=Count("pk", filter=Q(status=Nomination.Status.SUBMITTED)),
            scored=Count("pk", filter=Q(status=Nomination.Status.IN_REVIEW, review_score__isnull=False)),
            recommended=Count("pk", filter=Q(status=Nomination.Status.RECOMMENDED)),
            publicity=Count("pk", filter=Q(status=Nomination.Status.PUBLICITY)),
        )
        return [
            {"label": _("Submitted nominations to send to the experts"), "count": counts["submitted"],
             "url": f"{url}?status=submitted"},
            {"label": _("Reviewed nominations to recommend or not"), "count": counts["scored"],
             "url": f"{url}?status=in_review"},
            {"label": _("Recommended nominations to put into publicity"), "count": counts["recommended"],
             "url": f"{url}?status=recommended"},
            {"label": _("Nominations in publicity to confirm or refuse"), "count": counts["publicity"],
             "url": f"{url}?status=publicity"},
        ]
    counts = visible.filter(organization__path__startswith=user.organization.path).aggregate(
        drafts=Count("pk", filter=Q(status=Nomination.Status.DRAFT)),
        returned=Count("pk", filter=Q(status=Nomination.Status.RETURNED)),
    )
    return [
        {"label": _("Award nomination drafts to submit"), "count": counts["drafts"], "url": f"{url}?status=draft"},
        {"label": _("Award nominations returned for changes"), "count": counts["returned"],
         "url": f"{url}?status=returned"},
    ]
