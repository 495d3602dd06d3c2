"""The organizers' results board (admin): the rounds they run, and per round the live board with its actions.

Scoped by `judging.organized_competitions`: a round of a competition the user does not organize is a 404, like one
that does not exist. The board lists the round's entries by city (paginated), each with its panel's progress (seats
scored of the panel's size, a divergence awaiting the chair), score, rank, and advancement or prize; it refreshes
itself by polling `board_data` (static/js/competition-board.js). Every page runs a fixed number of queries whatever
the number of entries. The actions are thin callers of judging, ranking and results; a refused step shows its
translated message and changes nothing.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from experts.models import Objection, PanelSeat

from . import judging, ranking, results
from .models import Round, RoundEntry

PAGE_SIZE = 50
ROUNDS_PAGE_SIZE = 30


def _rounds_of(user):
    return Round.objects.filter(competition__in=judging.organized_competitions(user))


@require_GET
def round_list(request):
    """The rounds of the competitions the user organizes, newest competition first."""
    rounds = (
        _rounds_of(request.user).select_related("competition")
        .annotate(entries_count=Count("entries", filter=Q(entries__entry__status="registered")))
        .order_by("-competition__year", "competition__title", "competition_id", "sequence")
    )
    status = request.GET.get("status")
    if status in Round.Status.values:
        rounds = rounds.filter(status=status)
    page = Paginator(rounds, ROUNDS_PAGE_SIZE).get_page(request.GET.get("page"))
    return TemplateResponse(request, "competitions/results/round_list.html", {
        "page_title": _("Competition results"), "page_obj": page, "status": status,
        "statuses": Round.Status.choices,
    })


def _round(request, pk) -> Round:
    return get_object_or_404(_rounds_of(request.user).select_related("competition", "rubric"), pk=pk)


def _rows(round_: Round, page_number):
    """One page of the board's rows, with their panels and seat counts (three queries whatever the page size)."""
    round_entries = (
        RoundEntry.objects.filter(round=round_)
        .select_related("entry__city", "entry__track", "entry__organization")
        .order_by("entry__city__path", "rank", "entry__title", "pk")
    )
    page = Paginator(round_entries, PAGE_SIZE).get_page(page_number)
    rows = list(page.object_list)
    panels = judging.panels_for([row.pk for row in rows])
    scored = dict(
        PanelSeat.objects.filter(panel__in=list(panels.values()), status=PanelSeat.Status.SUBMITTED)
        .order_by().values_list("panel_id").annotate(n=Count("pk"))
    ) if panels else {}
    for row in rows:
        row.panel = panels.get(row.pk)
        row.scored = scored.get(row.panel.pk, 0) if row.panel else 0
    return page, rows


def _outcome(row) -> str:
    if row.prize:
        return row.get_prize_display()
    if row.advanced:
        return str(_("Advances"))
    return ""


def _row_data(row) -> dict:
    panel = row.panel
    return {
        "id": row.pk,
        "progress": f"{row.scored} / {panel.size}" if panel else "—",
        "panel": panel.get_status_display() if panel else "",
        "divergent": bool(panel and panel.status == panel.Status.DIVERGENT),
        "score": str(row.score) if row.score is not None else "—",
        "rank": str(row.rank) if row.rank else "—",
        "outcome": _outcome(row) or "—",
    }


@require_GET
def board(request, pk):
    round_ = _round(request, pk)
    page, rows = _rows(round_, request.GET.get("page"))
    for row in rows:
        row.data = _row_data(row)
    publicity = results.publicity_of(round_)
    open_objections = Objection.objects.filter(publicity=publicity, status=Objection.Status.OPEN).count() if (
        publicity) else 0
    return TemplateResponse(request, "competitions/results/board.html", {
        "page_title": _("Results board: %(round)s") % {"round": round_}, "round": round_, "page_obj": page,
        "rows": rows, "publicity": publicity, "open_objections": open_objections, "Status": Round.Status,
        "default_days": results.DEFAULT_PUBLICITY_DAYS,
    })


@require_GET
def board_data(request, pk):
    """The board's live values for one page, as JSON (polled by the board)."""
    round_ = _round(request, pk)
    _page, rows = _rows(round_, request.GET.get("page"))
    return JsonResponse({"status": round_.get_status_display(), "rows": [_row_data(row) for row in rows]})


ACTIONS = {"panels", "rank", "publicity", "publish"}


@require_POST
def board_action(request, pk, action):
    if action not in ACTIONS:
        raise Http404
    round_ = _round(request, pk)
    try:
        if action == "panels":
            report = judging.assign_round_panels(round_, request.user)
            messages.success(request, _("Panels seated: %(seated)s new, %(existing)s already seated.") % {
                "seated": len(report.seated), "existing": len(report.existing)})
            for round_entry, message in report.failed:
                messages.warning(request, f"{round_entry.entry.title}：{message}")
        elif action == "rank":
            summary = ranking.rank_round(round_, request.user)
            messages.success(request, _("Ranked %(ranked)s entries: %(advanced)s advance, %(prizes)s prizes.")
                             % summary)
        elif action == "publicity":
            try:
                days = int(request.POST.get("days", results.DEFAULT_PUBLICITY_DAYS))
            except (TypeError, ValueError):
                days = 0
            results.open_round_publicity(round_, days=days, actor=request.user)
            messages.success(request, _("The results are in publicity."))
        else:
            results.publish_round(round_, request.user)
            messages.success(request, _("The results are published."))
    except judging.JudgingError as error:
        messages.error(request, error.message)
    return redirect("competitions_results_board", round_.pk)

