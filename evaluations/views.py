"""Site pages of evaluations: the counselor's 我的评价 (share link and QR code, response count, peer tasks, past
results as aggregates), the anonymous form behind a share link (phone-first, no account), the public society
directory and form, and a peer's form. Thin callers of `evaluations.services`; figures only from `results`."""

import io

import qrcode
import qrcode.image.svg
from allauth.account.adapter import get_adapter
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from people.access import require_active
from people.models import Organization, User

from . import services
from .models import Campaign, Item, Participant, PeerAssignment, Response, Source
from .results import results_for

PAGE_SIZE = 20


def qr_svg(text: str) -> str:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode()


def _client_ip(request) -> str:
    return get_adapter().get_client_ip(request) or ""


def _covering_open(user):
    """Open campaigns whose scope holds the user's organization."""
    if user.organization_id is None:
        return Campaign.objects.none()
    path = user.organization.path
    step = Organization.steplen
    paths = [path[:length] for length in range(step, len(path) + 1, step)]
    return Campaign.objects.filter(status=Campaign.Status.OPEN, organization__path__in=paths)


@login_required
def mine(request):
    """我的评价: for each open campaign the share link, its QR code and the number of responses so far (a count
    identifies nobody); peers to choose when the campaign lets the counselor choose; peer evaluations waiting for
    the user; and the results of closed campaigns, aggregates only (see evaluations.results)."""
    user = request.user
    require_active(user)
    joined = {p.campaign_id for p in Participant.objects.filter(counselor=user, campaign__status=Campaign.Status.OPEN)}
    for campaign in _covering_open(user).exclude(pk__in=joined).select_related("organization"):
        services.ensure_participant(campaign, user)
    participations = list(
        Participant.objects.filter(counselor=user).exclude(campaign__status=Campaign.Status.DRAFT)
        .select_related("campaign").annotate(
            counted=Count("responses", filter=Q(responses__status=Response.Status.ACCEPTED), distinct=True),
            peers=Count("peer_assignments", distinct=True),
        ).order_by("-campaign__opens_on", "-pk")
    )
    open_ones = [p for p in participations if p.campaign.status == Campaign.Status.OPEN]
    closed = [p for p in participations if p.campaign.status == Campaign.Status.CLOSED][:10]
    for participant in open_ones:
        participant.student_url = request.build_absolute_uri(
            reverse("evaluations:respond", args=[participant.share_key])
        )
        participant.society_url = request.build_absolute_uri(
            reverse("evaluations:respond_society", args=[participant.share_key])
        )
        participant.qr = qr_svg(participant.student_url)
        participant.accepting = participant.campaign.is_accepting()
    choosing = [p for p in open_ones if p.campaign.peer_selection == Campaign.PeerSelection.COUNSELOR
                and p.peers < p.campaign.peers_per_counselor]
    colleagues = []
    chosen = set()
    if choosing:
        chosen = set(PeerAssignment.objects.filter(participant__in=choosing).values_list("participant_id",
                                                                                        "reviewer_id"))
        colleagues = list(services.eligible_peers(choosing[0]).order_by("real_name")[:200])
    for participant in choosing:
        participant.choices = [c for c in colleagues if (participant.pk, c.pk) not in chosen]
    tasks = list(
        PeerAssignment.objects.filter(reviewer=user, answered_at__isnull=True, participant__campaign__status=Campaign
                                      .Status.OPEN).select_related("evaluatee", "participant__campaign")
        .order_by("participant__campaign__closes_on", "pk")[:50]
    )
    results = results_for(closed)
    return render(request, "evaluations/mine.html", {
        "open_participations": open_ones, "choosing": {p.pk for p in choosing}, "tasks": tasks,
        "past": [(p, results[p.pk]) for p in closed],
    })


@require_POST
@login_required
def choose_peer(request, participant_id):
    participant = get_object_or_404(Participant, pk=participant_id, counselor=request.user)
    raw = request.POST.get("reviewer") or ""
    reviewer = User.objects.filter(pk=int(raw)).first() if raw.isdigit() and len(raw) < 12 else None
    if reviewer is None:
        messages.error(request, _("Choose a colleague from the list."))
        return redirect("evaluations:mine")
    try:
        services.assign_peer(participant.pk, reviewer, actor=request.user)
    except services.EvaluationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(name)s is asked to evaluate you.") % {"name": reviewer.real_name})
    return redirect("evaluations:mine")


def _questions(items, data=None):
    data = data or {}
    return [{"item": item, "name": f"q{item.pk}", "value": data.get(f"q{item.pk}", "")} for item in items]


def _form_page(request, *, token_signed, participant, questionnaire, items, source, data=None, error=None,
               status=200):
    return render(request, "evaluations/respond.html", {
        "token": token_signed, "participant": participant, "counselor": participant.counselor,
        "campaign": participant.campaign, "questionnaire": questionnaire, "labels": questionnaire.labels,
        "questions": _questions(items, data), "society": source == Source.SOCIETY, "error": error,
        "honeypot": services.HONEYPOT, "scale": list(enumerate(questionnaire.labels, start=1)),
    }, status=status)


def _refusal(request, error, status=400):
    return render(request, "evaluations/refused.html", {"message": error.message, "code": error.code},
                  status=429 if error.code == "rate_limited" else status)


def _open_form(request, share_key, source):
    try:
        participant, signed = services.issue_token(share_key, source, _client_ip(request))
    except services.EvaluationError as error:
        return _refusal(request, error, status=404 if error.code == "invalid_link" else 400)
    questionnaire = participant.campaign.questionnaire_for(source)
    return _form_page(request, token_signed=signed, participant=participant, questionnaire=questionnaire,
                      items=services.items_of(questionnaire), source=source)


@never_cache
@require_http_methods(["GET"])
def respond(request, share_key):
    """The anonymous form for students and service users: opening it reserves one single-use token."""
    return _open_form(request, share_key, Source.STUDENT)


@never_cache
@require_http_methods(["GET"])
def respond_society(request, share_key):
    """The public society form for one counselor (held for moderation before it counts)."""
    return _open_form(request, share_key, Source.SOCIETY)


@never_cache
@require_POST
def submit(request):
    """Submitting an anonymous form: the signed token is consumed once; anything else changes nothing."""
    signed = request.POST.get("token", "")
    try:
        services.submit_anonymous(signed, request.POST, _client_ip(request))
    except services.EvaluationError as error:
        if error.code in ("incomplete", "invalid", "too_fast"):
            try:
                token, questionnaire, items = services.token_form(signed)
            except services.EvaluationError as inner:
                return _refusal(request, inner)
            if token.used_at is None:
                return _form_page(request, token_signed=signed, participant=token.participant,
                                  questionnaire=questionnaire, items=items, source=token.source, data=request.POST,
                                  error=error.message, status=400)
        return _refusal(request, error, status=409 if error.code == "used" else 400)
    return redirect("evaluations:thanks")


def thanks(request):
    return render(request, "evaluations/thanks.html")


@require_http_methods(["GET"])
def society_directory(request):
    """Public: the open campaigns, then the counselors of one with a link to the society form (name and
    organization only), searchable and paginated."""
    campaigns = list(Campaign.objects.filter(status=Campaign.Status.OPEN, opens_on__lte=timezone.localdate(),
                                             closes_on__gte=timezone.localdate()).select_related("organization"))
    chosen = None
    people = None
    query = (request.GET.get("q") or "").strip()[:30]
    campaign_id = request.GET.get("campaign") or ""
    if campaign_id.isdigit():
        chosen = next((c for c in campaigns if c.pk == int(campaign_id)), None)
    if chosen is None and len(campaigns) == 1:
        chosen = campaigns[0]
    if chosen is not None:
        participants = chosen.participants.select_related("counselor__organization").order_by(
            "counselor__organization__name", "counselor__real_name", "pk"
        )
        if query:
            participants = participants.filter(
                Q(counselor__real_name__icontains=query) | Q(counselor__organization__name__icontains=query)
            )
        people = Paginator(participants, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "evaluations/society.html", {
        "campaigns": campaigns, "chosen": chosen, "people": people, "query": query,
    })


@require_http_methods(["GET", "POST"])
@login_required
def peer(request, assignment_id):
    """A peer's form about one colleague; once only."""
    require_active(request.user)
    try:
        assignment = services.peer_task(assignment_id, request.user)
    except services.EvaluationError as error:
        return _refusal(request, error, status=404)
    campaign = assignment.participant.campaign
    questionnaire = campaign.questionnaire_for(Source.PEER)
    items = services.items_of(questionnaire)
    error = None
    if request.method == "POST":
        try:
            services.submit_peer(assignment.pk, request.user, request.POST)
        except services.EvaluationError as failure:
            if failure.code not in ("incomplete", "invalid"):
                messages.error(request, failure.message)
                return redirect("evaluations:mine")
            error = failure.message
        else:
            messages.success(request, _("Thank you. Your evaluation of %(name)s is recorded.")
                             % {"name": assignment.evaluatee.real_name})
            return redirect("evaluations:mine")
    return render(request, "evaluations/peer.html", {
        "assignment": assignment, "campaign": campaign, "questionnaire": questionnaire,
        "questions": _questions(items, request.POST if error else None), "error": error,
        "scale": list(enumerate(questionnaire.labels, start=1)), "done": assignment.answered_at is not None,
        "scale_kind": Item.Kind.SCALE,
    }, status=400 if error else 200)
