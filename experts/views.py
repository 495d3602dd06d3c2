"""The expert workbench (/experts/), panel pages for chairs and admins, and publicity pages with objections.

An expert reaches only their own seats: every seat is looked up through `expert__user=request.user`, so another
expert's seat, or the panel of a subject they are not assigned to, is a 404 exactly like one that does not exist.
Scores are shown through `services.scores_visible_to`: blind until one's own score is submitted. Panel pages are
for the chair and for admins whose scope holds the subject; publicity pages for anyone signed in, with the
objections themselves shown only to their authors and to the admins who decide them.
"""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from people.models import Role

from . import services
from .models import Expert, Objection, Panel, PanelSeat, Publicity
from .subjects import adapter_for

PAGE_SIZE = 20


def _adapter(panel: Panel):
    return adapter_for(ContentType.objects.get_for_id(panel.content_type_id).model_class())


@require_GET
@login_required
def workbench(request):
    """The expert's queue: assignments to score (soonest due first), submitted ones, declined ones; and the
    panels they chair whose scores diverge. Runs the same queries for one assignment as for fifty."""
    expert = Expert.objects.filter(user=request.user).first()
    chaired = list(
        Panel.objects.filter(chair=request.user, status=Panel.Status.DIVERGENT).order_by("due_on", "pk")[:PAGE_SIZE]
    )
    if expert is None and not chaired:
        return render(request, "experts/not_an_expert.html", status=200)
    status = request.GET.get("status")
    if status not in PanelSeat.Status.values:
        status = PanelSeat.Status.ASSIGNED
    seats = PanelSeat.objects.filter(expert=expert) if expert else PanelSeat.objects.none()
    counts = dict(seats.order_by().values_list("status").annotate(n=Count("pk")))
    listed = seats.filter(status=status).select_related("panel").order_by(
        "panel__due_on" if status == PanelSeat.Status.ASSIGNED else "-assigned_at", "pk"
    )
    page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
    tabs = [(value, label, counts.get(value, 0)) for value, label in PanelSeat.Status.choices]
    return render(request, "experts/workbench.html", {
        "expert": expert, "page_obj": page, "status": status, "tabs": tabs, "chaired": chaired,
        "today": timezone.localdate(),
    })


def _own_seat(request, pk) -> PanelSeat:
    return get_object_or_404(
        PanelSeat.objects.filter(expert__user=request.user).select_related("panel__rubric", "panel__chair", "expert"),
        pk=pk,
    )


def _criteria(panel: Panel, values=None) -> list:
    criteria = list(panel.rubric.criteria.all())
    total_weight = sum((criterion.weight for criterion in criteria), Decimal(0))
    for criterion in criteria:
        criterion.share = (criterion.weight * 100 / total_weight).quantize(Decimal("0.1"))
        criterion.value = (values or {}).get(criterion.pk, "")
    return criteria


def _seat_page(request, seat, *, values=None, comment="", status=200):
    panel = seat.panel
    subject = panel.subject
    if subject is None:
        raise Http404
    visible = list(services.scores_visible_to(panel, request.user))
    own = next((score for score in visible if score.seat_id == seat.pk), None)
    return render(request, "experts/seat.html", {
        "seat": seat, "panel": panel, "purpose_label": panel.purpose_label(),
        "summary": _adapter(panel).render_summary(subject, request),
        "criteria": _criteria(panel, values), "comment": comment, "own_score": own,
        "other_scores": [score for score in visible if score.seat_id != seat.pk],
        "may_score": seat.status == PanelSeat.Status.ASSIGNED and panel.status == Panel.Status.OPEN,
    }, status=status)


@require_GET
@login_required
def seat_detail(request, pk):
    return _seat_page(request, _own_seat(request, pk))


@require_POST
@login_required
def seat_score(request, pk):
    seat = _own_seat(request, pk)
    values = {criterion.pk: request.POST.get(f"criterion-{criterion.pk}", "").strip()
              for criterion in seat.panel.rubric.criteria.all()}
    comment = request.POST.get("comment", "")
    if any(value == "" for value in values.values()):
        messages.error(request, _("Score every criterion of the rubric, and only those."))
        return _seat_page(request, seat, values=values, comment=comment, status=400)
    try:
        services.submit_score(seat.pk, user=request.user, scores=values, comment=comment)
    except services.ExpertError as error:
        messages.error(request, error.message)
        return _seat_page(request, seat, values=values, comment=comment, status=400)
    messages.success(request, _("Your score was submitted. It cannot be changed."))
    return redirect("experts:seat", seat.pk)


@require_POST
@login_required
def seat_conflict(request, pk):
    seat = _own_seat(request, pk)
    try:
        services.declare_conflict(seat.pk, user=request.user, reason=request.POST.get("reason", ""))
    except services.ExpertError as error:
        messages.error(request, error.message)
        return _seat_page(request, seat, status=400)
    messages.success(request, _("You have left this panel; another expert takes your seat."))
    return redirect("experts:workbench")


def _managed_panel(request, pk) -> Panel:
    """Panels for their chair and for admins whose scope holds the subject; seated experts use their seat page."""
    user = request.user
    condition = Q(chair=user)
    if user.manages_whole_province:
        condition |= Q(pk__isnull=False)
    elif user.has_role(Role.ORG_ADMIN) and user.organization_id is not None:
        condition |= Q(organization__path__startswith=user.organization.path)
    return get_object_or_404(Panel.objects.filter(condition).select_related("rubric", "chair"), pk=pk)


def _panel_page(request, panel, *, status=200, reason="", result=""):
    seats = list(panel.seats.select_related("expert__user", "expert__organization").order_by("assigned_at", "pk"))
    scores = {score.seat_id: score for score in services.scores_visible_to(panel, request.user)}
    for seat in seats:
        seat.visible_score = scores.get(seat.pk)
    may_resolve = panel.status == Panel.Status.DIVERGENT and (
        request.user.pk == panel.chair_id if panel.chair_id else request.user.manages_whole_province
    )
    return render(request, "experts/panel.html", {
        "panel": panel, "seats": seats, "purpose_label": panel.purpose_label(), "may_resolve": may_resolve,
        "short_by": panel.size - sum(seat.status != PanelSeat.Status.DECLINED for seat in seats),
        "reason": reason, "result": result,
    }, status=status)


@require_GET
@login_required
def panel_detail(request, pk):
    return _panel_page(request, _managed_panel(request, pk))


@require_POST
@login_required
def panel_resolve(request, pk):
    panel = _managed_panel(request, pk)
    reason, result = request.POST.get("reason", ""), request.POST.get("result", "")
    try:
        services.resolve_divergence(panel.pk, user=request.user, result=result, reason=reason)
    except services.ExpertError as error:
        messages.error(request, error.message)
        return _panel_page(request, panel, status=400, reason=reason, result=result)
    messages.success(request, _("The panel's result is final."))
    return redirect("experts:panel", panel.pk)


@require_POST
@login_required
def panel_fill(request, pk):
    panel = _managed_panel(request, pk)
    try:
        services.fill_panel(panel.pk, actor=request.user)
    except services.ExpertError as error:
        messages.error(request, error.message)
    return redirect("experts:panel", panel.pk)


@require_GET
@login_required
def publicity_list(request):
    """Publicity periods running today, for anyone signed in."""
    today = timezone.localdate()
    running = Publicity.objects.filter(starts_on__lte=today, ends_on__gte=today).order_by("ends_on", "pk")
    return render(request, "experts/publicity_list.html", {
        "page_obj": Paginator(running, PAGE_SIZE).get_page(request.GET.get("page"))
    })


def _may_decide(user, publicity) -> bool:
    return (user.manages_whole_province or user.has_role(Role.ORG_ADMIN)) and Publicity.objects.visible_to(
        user
    ).filter(pk=publicity.pk).exists()


def _publicity_page(request, publicity, *, text="", status=200):
    deciding = _may_decide(request.user, publicity)
    objections = publicity.objections.select_related("filed_by", "resolved_by").order_by("filed_at", "pk")
    if not deciding:
        objections = objections.filter(filed_by=request.user)
    return render(request, "experts/publicity.html", {
        "publicity": publicity, "deciding": deciding, "text": text, "running": publicity.is_running(),
        "page_obj": Paginator(objections, PAGE_SIZE).get_page(request.GET.get("page")),
    }, status=status)


@require_GET
@login_required
def publicity_detail(request, pk):
    return _publicity_page(request, get_object_or_404(Publicity, pk=pk))


@require_POST
@login_required
def objection_file(request, pk):
    publicity = get_object_or_404(Publicity, pk=pk)
    text = request.POST.get("text", "")
    try:
        services.file_objection(publicity.pk, user=request.user, text=text)
    except services.ExpertError as error:
        messages.error(request, error.message)
        return _publicity_page(request, publicity, text=text, status=400)
    messages.success(request, _("Your objection was filed; you will see the decision here."))
    return redirect("experts:publicity", publicity.pk)


@require_POST
@login_required
def objection_resolve(request, pk):
    objection = get_object_or_404(Objection.objects.select_related("publicity"), pk=pk)
    if not _may_decide(request.user, objection.publicity):
        raise Http404
    decision = request.POST.get("decision")
    if decision not in ("upheld", "dismissed"):
        messages.error(request, _("Uphold or dismiss the objection."))
        return _publicity_page(request, objection.publicity, status=400)
    try:
        services.resolve_objection(
            objection.pk, user=request.user, upheld=decision == "upheld", resolution=request.POST.get("resolution", "")
        )
    except services.ExpertError as error:
        messages.error(request, error.message)
        return _publicity_page(request, objection.publicity, status=400)
    messages.success(request, _("The objection was decided."))
    return redirect("experts:publicity", objection.publicity_id)
