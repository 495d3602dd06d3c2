"""Evaluation results as aggregates only: the one place figures about a counselor are computed.

For other apps (the 职业指导之星 dossier of awards, reports): `aggregates_for_people(user_ids, campaign=None)`.

The rules, which every screen shows as they come from here:
- Only counted responses (accepted: every peer and student response, society responses once a moderator accepted
  them) enter the figures. Nobody ever gets a single response or who answered.
- Figures exist only for closed campaigns: while a campaign is open a counselor watching the means move after each
  response could work out what one person answered, so open campaigns report counts only.
- A source with fewer than the campaign's minimum (N, default 5) counted responses is hidden: no figures, and it is
  left out of the composite. When the counted responses of all sources together are fewer than N, there are no
  figures at all, only "not enough responses".
- Per source: the mean of each rated criterion on the questionnaire's scale, and a source score out of 100: the
  criteria means weighted by the criteria weights, divided by the top of the scale, times 100.
- The composite is the sources' scores weighted by the campaign's source weights, renormalised over the sources
  shown: with weights 40/40/20 and the society hidden, peers and students count 50/50.
- Free-text comments are shown only when a moderator accepted them and only for a source that is shown, sorted by
  their text (never by time or respondent), so no comment can be tied to a moment or a person.
Every call runs a fixed number of queries whatever the number of people.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count

from .models import Answer, Campaign, Item, Participant, Questionnaire, Response, Source

TWO = Decimal("0.01")
ONE = Decimal("0.1")


@dataclass
class CriterionResult:
    group: str
    text: str
    mean: Decimal | None


@dataclass
class SourceResult:
    source: str
    label: str
    weight: int
    responses: int
    shown: bool
    points: int
    score: Decimal | None = None
    criteria: list[CriterionResult] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)


@dataclass
class PersonResult:
    user_id: int
    participant_id: int
    campaign_id: int
    campaign_name: str
    final: bool
    min_responses: int
    total_responses: int
    enough: bool
    composite: Decimal | None = None
    sources: list[SourceResult] = field(default_factory=list)

    @property
    def shown_sources(self) -> list[SourceResult]:
        return [source for source in self.sources if source.shown]


def _round(value, step=TWO) -> Decimal:
    return Decimal(value).quantize(step, rounding=ROUND_HALF_UP)


def results_for(participants: list[Participant]) -> dict[int, PersonResult]:
    """Aggregates per participant (keyed by participant id); participants come with `campaign` loaded. At most five
    queries for any number of participants (none when the list is empty)."""
    if not participants:
        return {}
    ids = [participant.pk for participant in participants]
    counts = defaultdict(int)
    for participant_id, source, n in (
        Response.objects.counted().filter(participant_id__in=ids).values_list("participant_id", "source")
        .annotate(n=Count("pk")).values_list("participant_id", "source", "n")
    ):
        counts[(participant_id, source)] = n
    final_ids = [p.pk for p in participants if p.campaign.status == Campaign.Status.CLOSED]
    means = {}
    comments = defaultdict(list)
    if final_ids:
        means = {
            (row["response__participant_id"], row["response__source"], row["item_id"]): row["mean"]
            for row in Answer.objects.filter(
                response__participant_id__in=final_ids, response__status=Response.Status.ACCEPTED,
                score__isnull=False,
            ).values("response__participant_id", "response__source", "item_id").annotate(mean=Avg("score"))
        }
        for participant_id, source, text in Answer.objects.filter(
            response__participant_id__in=final_ids, response__status=Response.Status.ACCEPTED,
            response__comment_status=Response.CommentStatus.ACCEPTED,
        ).exclude(text="").values_list("response__participant_id", "response__source", "text").order_by("text"):
            comments[(participant_id, source)].append(text)
    questionnaire_ids = {p.campaign.questionnaire_id_for(source) for p in participants for source in Source.values}
    points = {q.pk: q.points for q in Questionnaire.objects.filter(pk__in=questionnaire_ids).only("scale_labels")}
    items = defaultdict(list)
    for item in Item.objects.filter(questionnaire_id__in=questionnaire_ids, kind=Item.Kind.SCALE).order_by(
        "sort_order", "pk"
    ):
        items[item.questionnaire_id].append(item)
    labels = dict(Source.choices)
    results = {}
    for participant in participants:
        campaign = participant.campaign
        minimum = campaign.min_responses
        total = sum(counts[(participant.pk, source)] for source in Source.values)
        final = campaign.status == Campaign.Status.CLOSED
        enough = total >= minimum
        result = PersonResult(
            user_id=participant.counselor_id, participant_id=participant.pk, campaign_id=campaign.pk,
            campaign_name=campaign.name, final=final, min_responses=minimum, total_responses=total, enough=enough,
        )
        weighted, weights = Decimal(0), 0
        for source in Source.values:
            questionnaire_id = campaign.questionnaire_id_for(source)
            n = counts[(participant.pk, source)]
            shown = final and enough and n >= minimum
            entry = SourceResult(source=source, label=labels[source], weight=campaign.weights[source], responses=n,
                                 shown=shown, points=points.get(questionnaire_id, 5))
            if shown:
                score_sum, weight_sum = Decimal(0), Decimal(0)
                for item in items[questionnaire_id]:
                    mean = means.get((participant.pk, source, item.pk))
                    entry.criteria.append(CriterionResult(
                        group=item.group, text=item.text, mean=None if mean is None else _round(mean)
                    ))
                    if mean is not None and item.weight > 0:
                        score_sum += Decimal(mean) * item.weight
                        weight_sum += item.weight
                if weight_sum:
                    entry.score = _round(score_sum / weight_sum / entry.points * 100, ONE)
                    if entry.weight:
                        weighted += entry.score * entry.weight
                        weights += entry.weight
                entry.comments = comments[(participant.pk, source)]
            result.sources.append(entry)
        if weights:
            result.composite = _round(weighted / weights, ONE)
        results[participant.pk] = result
    return results


def aggregates_for_people(user_ids, *, campaign=None) -> dict[int, PersonResult]:
    """Each person's aggregates, keyed by user id: in `campaign` when given (a Campaign or its id), otherwise in the
    latest closed campaign that evaluated them. People who were never evaluated are absent. Below the minimum a
    result has `enough` False and no figures. At most six queries for any number of people."""
    user_ids = list(user_ids)
    if not user_ids:
        return {}
    participants = Participant.objects.filter(counselor_id__in=user_ids).select_related("campaign")
    if campaign is not None:
        participants = participants.filter(campaign_id=getattr(campaign, "pk", campaign))
    else:
        participants = participants.filter(campaign__status=Campaign.Status.CLOSED).order_by(
            "counselor_id", "-campaign__closes_on", "-campaign_id"
        )
    chosen = {}
    for participant in participants:
        chosen.setdefault(participant.counselor_id, participant)
    by_participant = results_for(list(chosen.values()))
    return {participant.counselor_id: by_participant[participant.pk] for participant in chosen.values()}
