"""Running evaluation campaigns: questionnaires, campaigns, peers, anonymous tokens, responses and moderation.

    new_version(questionnaire_id, actor)                   # a locked questionnaire is changed by copying it
    open_campaign(campaign_id, actor) / close_campaign(...) # open: locks the questionnaires, enrols the counselors
    ensure_participant(campaign, user)                      # a counselor of the scope who joined after opening
    assign_peer(participant_id, reviewer, actor)            # admin, or the counselor when the campaign lets them choose
    auto_assign_peers(campaign_id, actor)                   # up to `peers_per_counselor` colleagues each, load-balanced
    issue_token(share_key, source, ip) -> signed string     # a single-use token, reserved server-side, rate-limited
    submit_anonymous(signed, data, ip)                      # consumes the token with a conditional UPDATE
    submit_peer(assignment_id, reviewer, data)              # once per pair: the database's unique key decides
    moderate(response_id, actor, decision)                  # society responses and every free-text comment

Rules. Campaigns are managed by the admins whose scope holds the campaign's organization (province admins: all).
Only approved, active counselors of the scope are evaluated. A peer is a colleague of the same organization, never
oneself, and answers once per evaluatee and campaign. An anonymous respondent needs no account: opening a share link
issues a token (at most `TOKENS_PER_IP_HOUR` per address and link an hour, `TOKENS_PER_LINK_DAY` per link a day);
the form carries it signed, and submitting consumes it atomically (`UPDATE … WHERE used_at IS NULL`), so a replay, a
second concurrent submit or a forged or tampered token changes nothing and gets a clear message. Society forms also
have a honeypot field and a minimum time between opening and sending (`SOCIETY_MIN_SECONDS`). Nothing about
anonymous respondents is kept but a keyed hash of their address. Society responses count only once a moderator of
the campaign accepts them; free-text comments of every source are shown to nobody until a moderator accepts them.
Anonymous and peer responses are deliberately not written to the audit log (a log line per response would time-stamp
who answered about whom); campaign steps and moderation decisions are (`evaluations.*`). Errors are
`EvaluationError` with a `code`.
"""

import hashlib
import hmac
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from people.access import is_active_member
from people.models import Role, User

from .models import Answer, Campaign, Item, Participant, PeerAssignment, Questionnaire, Response, ResponseToken, Source

TOKEN_SALT = "evaluations.response-token"  # noqa: S105 - a signing namespace, not a secret
TOKEN_MAX_AGE = 60 * 60 * 24  # a form may be filled in within a day of opening the link
TOKENS_PER_IP_HOUR = 10
TOKENS_PER_LINK_DAY = 300
SUBMITS_PER_IP_HOUR = 20
SOCIETY_MIN_SECONDS = 5
MAX_TEXT = 2000
HONEYPOT = "website"


class EvaluationError(Exception):
    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


# --- who may do what -------------------------------------------------------------------------------------------------

def manages(actor, campaign: Campaign) -> bool:
    return Campaign.objects.visible_to(actor).filter(pk=campaign.pk).exists()


def _require_manager(actor, campaign: Campaign) -> None:
    if not manages(actor, campaign):
        raise EvaluationError(_("This campaign does not exist or is outside your organization."), code="not_found")


def counselors_in_scope(campaign: Campaign):
    """The approved, active counselors of the campaign's organization subtree."""
    return User.objects.filter(
        is_active=True, approval_status=User.ApprovalStatus.APPROVED, groups__name=Role.COUNSELOR.value,
        organization__path__startswith=campaign.organization.path,
    ).distinct()


# --- questionnaires -------------------------------------------------------------------------------------------------

def new_version(questionnaire_id: int, *, actor) -> Questionnaire:
    """A copy of a questionnaire (with every question) as its next version, editable; the original stays as it is."""
    if not actor.manages_whole_province:
        raise EvaluationError(_("Only province administrators may change questionnaires."), code="forbidden")
    with transaction.atomic():
        original = Questionnaire.objects.filter(pk=questionnaire_id).first()
        if original is None:
            raise EvaluationError(_("This questionnaire does not exist."), code="not_found")
        latest = Questionnaire.objects.filter(name=original.name).order_by("-version").first()
        copy = Questionnaire.objects.create(
            name=original.name, version=latest.version + 1, previous=original, intro=original.intro,
            scale_labels=original.scale_labels,
        )
        Item.objects.bulk_create([
            Item(questionnaire=copy, sort_order=item.sort_order, group=item.group, text=item.text, kind=item.kind,
                 weight=item.weight, required=item.required)
            for item in original.items.order_by("sort_order", "pk")
        ])
        log(copy, "evaluations.questionnaire.versioned", user=actor, data={"from": original.pk})
    return copy


# --- campaigns ------------------------------------------------------------------------------------------------------

def _lock_campaign(campaign_id: int, actor) -> Campaign:
    campaign = Campaign.objects.select_for_update(of=("self",)).select_related("organization").filter(
        pk=campaign_id
    ).first()
    if campaign is None:
        raise EvaluationError(_("This campaign does not exist or is outside your organization."), code="not_found")
    _require_manager(actor, campaign)
    return campaign


def open_campaign(campaign_id: int, *, actor) -> int:
    """Open a draft campaign: its questionnaires become read-only and the approved counselors of the scope are
    enrolled. Returns the number of counselors evaluated."""
    with transaction.atomic():
        campaign = _lock_campaign(campaign_id, actor)
        if campaign.status != Campaign.Status.DRAFT:
            raise EvaluationError(_("Only a draft campaign can be opened."), code="not_draft")
        if sum(campaign.weights.values()) != 100:
            raise EvaluationError(_("The three source weights must add up to 100."), code="weights")
        questionnaire_ids = {campaign.questionnaire_id_for(source) for source in Source.values}
        Questionnaire.objects.filter(pk__in=questionnaire_ids, locked_at__isnull=True).update(locked_at=timezone.now())
        counselors = list(counselors_in_scope(campaign).values_list("pk", flat=True))
        Participant.objects.bulk_create(
            [Participant(campaign=campaign, counselor_id=pk) for pk in counselors], ignore_conflicts=True
        )
        campaign.status = Campaign.Status.OPEN
        campaign.save(update_fields=["status"])
        log(campaign, "evaluations.campaign.opened", user=actor, data={"counselors": len(counselors)})
    return len(counselors)


def close_campaign(campaign_id: int, *, actor) -> Campaign:
    """Close an open campaign: no more responses; its results become visible (to those allowed to see them)."""
    with transaction.atomic():
        campaign = _lock_campaign(campaign_id, actor)
        if campaign.status != Campaign.Status.OPEN:
            raise EvaluationError(_("Only an open campaign can be closed."), code="not_open")
        campaign.status = Campaign.Status.CLOSED
        campaign.save(update_fields=["status"])
        log(campaign, "evaluations.campaign.closed", user=actor)
    return campaign


def ensure_participant(campaign: Campaign, user) -> Participant | None:
    """The participant row of `user` in an open campaign, created for an approved counselor of its scope who was
    approved after it opened; None for anyone else."""
    existing = Participant.objects.filter(campaign=campaign, counselor=user).first()
    if existing is not None or campaign.status != Campaign.Status.OPEN:
        return existing
    if not counselors_in_scope(campaign).filter(pk=user.pk).exists():
        return None
    participant, _created = Participant.objects.get_or_create(campaign=campaign, counselor=user)
    return participant


# --- peers ----------------------------------------------------------------------------------------------------------

def eligible_peers(participant: Participant):
    """Colleagues who may evaluate the participant: approved, active people of the same organization, not them."""
    counselor = participant.counselor
    return User.objects.filter(
        organization_id=counselor.organization_id, is_active=True, approval_status=User.ApprovalStatus.APPROVED,
        groups__name=Role.COUNSELOR.value,
    ).exclude(pk=counselor.pk).distinct()


def assign_peer(participant_id: int, reviewer, *, actor) -> PeerAssignment:
    """Ask a colleague to evaluate a counselor. Admins of the campaign assign when the campaign says so; otherwise
    the counselor chooses their own peers, up to the campaign's number."""
    with transaction.atomic():
        participant = Participant.objects.select_for_update(of=("self",)).select_related(
            "campaign__organization", "counselor"
        ).filter(pk=participant_id).first()
        if participant is None:
            raise EvaluationError(_("This counselor is not evaluated in this campaign."), code="not_found")
        campaign = participant.campaign
        if campaign.status == Campaign.Status.CLOSED:
            raise EvaluationError(_("This campaign is closed."), code="closed")
        by_counselor = actor.pk == participant.counselor_id
        if by_counselor:
            if campaign.peer_selection != Campaign.PeerSelection.COUNSELOR:
                raise EvaluationError(_("In this campaign your administrators assign the peers."), code="forbidden")
            if participant.peer_assignments.count() >= campaign.peers_per_counselor:
                raise EvaluationError(
                    _("You have already chosen %(count)s peers, the most this campaign allows.")
                    % {"count": campaign.peers_per_counselor}, code="too_many_peers",
                )
        else:
            _require_manager(actor, campaign)
        if reviewer.pk == participant.counselor_id:
            raise EvaluationError(_("Nobody evaluates themselves."), code="self")
        if not eligible_peers(participant).filter(pk=reviewer.pk).exists():
            raise EvaluationError(
                _("A peer must be an approved colleague of the same organization."), code="not_a_colleague"
            )
        try:
            with transaction.atomic():
                assignment = PeerAssignment.objects.create(
                    participant=participant, reviewer=reviewer, evaluatee=participant.counselor, assigned_by=actor
                )
        except IntegrityError:
            raise EvaluationError(_("This colleague is already a peer for this counselor."), code="duplicate") from None
        log(campaign, "evaluations.peer.assigned", user=actor,
            data={"participant": participant.pk, "by_counselor": by_counselor})
    return assignment


def auto_assign_peers(campaign_id: int, *, actor) -> int:
    """Give each counselor up to `peers_per_counselor` peers from their own organization, the least-loaded
    colleagues first (fixed queries per organization). Existing assignments stay; returns the number created."""
    with transaction.atomic():
        campaign = _lock_campaign(campaign_id, actor)
        if campaign.status == Campaign.Status.CLOSED:
            raise EvaluationError(_("This campaign is closed."), code="closed")
        participants = list(campaign.participants.select_related("counselor"))
        existing = set(PeerAssignment.objects.filter(participant__campaign=campaign)
                       .values_list("participant_id", "reviewer_id"))
        have = dict(PeerAssignment.objects.filter(participant__campaign=campaign).values_list("participant_id")
                    .annotate(n=Count("pk")).values_list("participant_id", "n"))
        load = dict(PeerAssignment.objects.filter(participant__campaign=campaign).values_list("reviewer_id")
                    .annotate(n=Count("pk")).values_list("reviewer_id", "n"))
        colleagues: dict[int, list[int]] = {}
        for user_id, organization_id in counselors_in_scope(campaign).values_list("pk", "organization_id"):
            colleagues.setdefault(organization_id, []).append(user_id)
        new = []
        for participant in participants:
            missing = campaign.peers_per_counselor - have.get(participant.pk, 0)
            pool = [pk for pk in colleagues.get(participant.counselor.organization_id, [])
                    if pk != participant.counselor_id and (participant.pk, pk) not in existing]
            pool.sort(key=lambda pk: (load.get(pk, 0), pk))
            for reviewer_id in pool[:max(missing, 0)]:
                load[reviewer_id] = load.get(reviewer_id, 0) + 1
                new.append(PeerAssignment(participant=participant, reviewer_id=reviewer_id,
                                          evaluatee_id=participant.counselor_id, assigned_by=actor))
        PeerAssignment.objects.bulk_create(new, ignore_conflicts=True)
        log(campaign, "evaluations.peer.auto_assigned", user=actor, data={"created": len(new)})
    return len(new)


# --- answers --------------------------------------------------------------------------------------------------------

def clean_answers(questionnaire: Questionnaire, items: list[Item], data) -> list[tuple[Item, int | None, str]]:
    """The answers in `data` (field `q<item id>`) checked against the questionnaire: every required rating on the
    scale, texts trimmed. Raises EvaluationError("incomplete") naming nothing about the respondent."""
    points = questionnaire.points
    cleaned = []
    for item in items:
        raw = (data.get(f"q{item.pk}") or "").strip()
        if item.kind == Item.Kind.SCALE:
            if not raw:
                if item.required:
                    raise EvaluationError(_("Rate every question marked as required."), code="incomplete")
                continue
            try:
                score = int(raw)
            except ValueError:
                score = 0
            if not 1 <= score <= points:
                raise EvaluationError(_("A rating is outside the scale; choose one of the options."), code="invalid")
            cleaned.append((item, score, ""))
        elif raw:
            cleaned.append((item, None, raw[:MAX_TEXT]))
        elif item.required:
            raise EvaluationError(_("Answer every question marked as required."), code="incomplete")
    if not any(score for _item, score, _text in cleaned):
        raise EvaluationError(_("Rate at least one question."), code="incomplete")
    return cleaned


def _save_response(participant, source, questionnaire, cleaned, **fields) -> Response:
    has_text = any(text for _item, _score, text in cleaned)
    response = Response.objects.create(
        participant=participant, source=source, questionnaire=questionnaire,
        status=Response.Status.PENDING if source == Source.SOCIETY else Response.Status.ACCEPTED,
        comment_status=Response.CommentStatus.PENDING if has_text else Response.CommentStatus.NONE, **fields,
    )
    Answer.objects.bulk_create([Answer(response=response, item=item, score=score, text=text)
                                for item, score, text in cleaned])
    return response


def items_of(questionnaire: Questionnaire) -> list[Item]:
    return list(questionnaire.items.order_by("sort_order", "pk"))


# --- anonymous respondents ------------------------------------------------------------------------------------------

def ip_hash(ip: str) -> str:
    """A keyed hash of the client address: enough to count abuse, useless to find a person."""
    return hmac.new(settings.SECRET_KEY.encode(), f"evaluations:{ip}".encode(), hashlib.sha256).hexdigest()


def _hit(key: str, limit: int, seconds: int) -> bool:
    """Count one use in a fixed window; False once `limit` uses are spent (cache-backed, shared by workers)."""
    cache.add(key, 0, seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, seconds)
        count = 1
    return count <= limit


def _rate_limited():
    return EvaluationError(
        _("Too many requests from your network. Please wait a while and try again."), code="rate_limited"
    )


def open_share_link(share_key: str) -> Participant:
    participant = Participant.objects.select_related(
        "campaign__questionnaire", "campaign__student_questionnaire", "campaign__society_questionnaire",
        "counselor__organization",
    ).filter(share_key=share_key).first()
    if participant is None:
        raise EvaluationError(_("This evaluation link is not valid. Ask the counselor for a new one."),
                              code="invalid_link")
    if not participant.campaign.is_accepting():
        raise EvaluationError(_("This evaluation is not taking responses now."), code="closed")
    return participant


def issue_token(share_key: str, source: str, ip: str) -> tuple[Participant, str]:
    """Reserve a single-use response token for one respondent of a counselor's link; returns it signed."""
    if source not in (Source.STUDENT, Source.SOCIETY):
        raise EvaluationError(_("This evaluation link is not valid. Ask the counselor for a new one."),
                              code="invalid_link")
    participant = open_share_link(share_key)
    hashed = ip_hash(ip)
    if not _hit(f"evaluations:issue:{hashed}:{participant.pk}", TOKENS_PER_IP_HOUR, 3600):
        raise _rate_limited()
    if not _hit(f"evaluations:link:{participant.pk}", TOKENS_PER_LINK_DAY, 86400):
        raise EvaluationError(_("This link has been used very often today. Please try again tomorrow."),
                              code="rate_limited")
    token = ResponseToken.objects.create(participant=participant, source=source, ip_hash=hashed)
    return participant, signing.dumps({"k": token.key, "s": source}, salt=TOKEN_SALT, compress=True)


def read_token(signed: str) -> dict:
    try:
        value = signing.loads(signed or "", salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.SignatureExpired:
        raise EvaluationError(_("This form has expired. Open the evaluation link again."), code="expired") from None
    except signing.BadSignature:
        raise EvaluationError(_("This form is not valid. Open the evaluation link again."), code="forged") from None
    if not isinstance(value, dict) or not isinstance(value.get("k"), str):
        raise EvaluationError(_("This form is not valid. Open the evaluation link again."), code="forged")
    return value


def token_form(signed: str) -> tuple[ResponseToken, Questionnaire, list[Item]]:
    """The token a signed form carries, with its questionnaire, for showing the form again after an error."""
    value = read_token(signed)
    token = ResponseToken.objects.select_related(
        "participant__campaign__questionnaire", "participant__campaign__student_questionnaire",
        "participant__campaign__society_questionnaire", "participant__counselor__organization",
    ).filter(key=value["k"]).first()
    if token is None:
        raise EvaluationError(_("This form is not valid. Open the evaluation link again."), code="forged")
    questionnaire = token.participant.campaign.questionnaire_for(token.source)
    return token, questionnaire, items_of(questionnaire)


def submit_anonymous(signed: str, data, ip: str) -> Response:
    """Record one anonymous response: the token is consumed by a conditional UPDATE in the same transaction as the
    response, so it counts once whatever happens (a replay, two tabs, two requests at the same moment)."""
    value = read_token(signed)
    if (data.get(HONEYPOT) or "").strip():
        raise EvaluationError(_("The form could not be accepted."), code="honeypot")
    hashed = ip_hash(ip)
    if not _hit(f"evaluations:submit:{hashed}", SUBMITS_PER_IP_HOUR, 3600):
        raise _rate_limited()
    token, questionnaire, items = token_form(signed)
    if token.source != value.get("s"):
        raise EvaluationError(_("This form is not valid. Open the evaluation link again."), code="forged")
    if token.used_at is not None:
        raise EvaluationError(_("This form has already been sent; each link opening counts once."), code="used")
    if token.source == Source.SOCIETY and timezone.now() - token.issued_at < timedelta(seconds=SOCIETY_MIN_SECONDS):
        raise EvaluationError(_("Please take a moment to read the questions before sending."), code="too_fast")
    if not token.participant.campaign.is_accepting():
        raise EvaluationError(_("This evaluation is not taking responses now."), code="closed")
    cleaned = clean_answers(questionnaire, items, data)
    with transaction.atomic():
        consumed = ResponseToken.objects.filter(pk=token.pk, used_at__isnull=True).update(used_at=timezone.now())
        if consumed != 1:
            raise EvaluationError(_("This form has already been sent; each link opening counts once."), code="used")
        try:
            with transaction.atomic():
                return _save_response(token.participant, token.source, questionnaire, cleaned, token=token,
                                      ip_hash=hashed)
        except IntegrityError:
            raise EvaluationError(
                _("This form has already been sent; each link opening counts once."), code="used"
            ) from None


# --- peers answering ------------------------------------------------------------------------------------------------

def peer_task(assignment_id: int, reviewer) -> PeerAssignment:
    assignment = PeerAssignment.objects.select_related(
        "participant__campaign__questionnaire", "participant__campaign__peer_questionnaire", "evaluatee__organization",
    ).filter(pk=assignment_id, reviewer=reviewer).first()
    if assignment is None:
        raise EvaluationError(_("This peer evaluation is not yours or does not exist."), code="not_found")
    return assignment


def submit_peer(assignment_id: int, reviewer, data) -> Response:
    """A peer's evaluation of a colleague: once per assignment (the database's unique key decides under races)."""
    if not is_active_member(reviewer):
        raise EvaluationError(_("Sign in with an approved account to evaluate colleagues."), code="forbidden")
    assignment = peer_task(assignment_id, reviewer)
    campaign = assignment.participant.campaign
    if not campaign.is_accepting():
        raise EvaluationError(_("This evaluation is not taking responses now."), code="closed")
    questionnaire = campaign.questionnaire_for(Source.PEER)
    cleaned = clean_answers(questionnaire, items_of(questionnaire), data)
    with transaction.atomic():
        done = PeerAssignment.objects.filter(pk=assignment.pk, answered_at__isnull=True).update(
            answered_at=timezone.now()
        )
        if done != 1:
            raise EvaluationError(_("You have already evaluated this colleague."), code="used")
        try:
            with transaction.atomic():
                return _save_response(assignment.participant, Source.PEER, questionnaire, cleaned,
                                      peer_assignment=assignment)
        except IntegrityError:
            raise EvaluationError(_("You have already evaluated this colleague."), code="used") from None


# --- moderation -----------------------------------------------------------------------------------------------------

DECISIONS = ("accept", "accept_scores", "reject")


def moderate(response_id: int, *, actor, decision: str) -> Response:
    """A moderator of the campaign decides a response waiting for moderation: accept (scores and comment), accept the
    scores but hide the comment, or reject (neither counts nor shows). The first decision wins."""
    if decision not in DECISIONS:
        raise EvaluationError(_("The decision could not be read; try again."), code="invalid_decision")
    with transaction.atomic():
        response = Response.objects.select_for_update(of=("self",)).moderated_by(actor).filter(
            pk=response_id
        ).first()
        if response is None:
            raise EvaluationError(_("This response does not exist or is outside your organization."),
                                  code="not_found")
        if response.participant.counselor_id == actor.pk:
            raise EvaluationError(_("You cannot moderate responses about yourself."), code="own")
        waiting = (response.status == Response.Status.PENDING
                   or response.comment_status == Response.CommentStatus.PENDING)
        if not waiting:
            raise EvaluationError(_("This response has already been moderated."), code="already_decided")
        has_comment = response.comment_status != Response.CommentStatus.NONE
        if decision == "reject":
            response.status = Response.Status.REJECTED
            if has_comment:
                response.comment_status = Response.CommentStatus.REJECTED
        else:
            if response.status == Response.Status.PENDING:
                response.status = Response.Status.ACCEPTED
            if has_comment:
                response.comment_status = (Response.CommentStatus.ACCEPTED if decision == "accept"
                                           else Response.CommentStatus.REJECTED)
        response.moderated_by, response.moderated_at = actor, timezone.now()
        response.save(update_fields=["status", "comment_status", "moderated_by", "moderated_at"])
        log(response, f"evaluations.response.{'rejected' if decision == 'reject' else 'accepted'}", user=actor,
            data={"decision": decision})
    return response
