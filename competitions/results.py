"""Publishing a round's results: the publicity period (公示) with objections, then publication with its consequences.

`open_round_publicity(round, days=..., actor=...)` puts a ranked round's results up for publicity through the
experts machinery (experts.services.open_publicity: the Round is its subject, see competitions.subjects); anyone
signed in may object on the existing publicity pages, and the organizer's admins decide the objections there. The
ranking is frozen from then on.

`publish_round(round, actor)` publishes once the publicity period has ended and no objection is open: the round
becomes PUBLISHED (entrants now see scores, ranks, advancement and prizes), and, each at most once whatever the
number of calls (the sources are unique in the ledger and the certificates, the showcase keeps one feature per
entry):
- every counselor entrant who took part (not absent, scored) is credited the round's `credit_hours` (kind
  competition, source `competition:round:<round>:entry:<entry>`), when the round gives credit;
- every prize winner gets an award certificate (source as above). A students' team is not made of platform users: its
  certificate goes to whoever registered the team (the university's admin or adviser) as the team's certificate,
  with the team's name in the title;
- the prize winners of the final (a round that advances nobody, the last of the competition) are featured in the
  public showcase, one feature per entry, grouped by competition;
- each entrant (or a team's registrar) is told by e-mail, through a Celery task enqueued when the transaction
  commits; the task claims the RoundEntry's `notified_at` before sending, so a retry or a second publication never
  sends twice.
Publishing a round that is already published changes nothing.
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from cpd.models import Certificate, CreditEntry
from cpd.services import issue_certificate, record_credit
from experts.models import Objection, Publicity
from experts.services import ExpertError, open_publicity

from .judging import JudgingError, may_organize
from .models import Entry, Round, RoundEntry

DEFAULT_PUBLICITY_DAYS = 7


def source_ref(round_entry: RoundEntry) -> str:
    return f"competition:round:{round_entry.round_id}:entry:{round_entry.entry_id}"


def _locked_round(round_: Round, actor) -> Round:
    round_ = Round.objects.select_for_update(of=("self",)).select_related("competition__organizer").get(pk=round_.pk)
    if not may_organize(actor, round_.competition):
        raise JudgingError(_("You do not organize this competition."), code="forbidden")
    return round_


def open_round_publicity(round_: Round, *, days: int = DEFAULT_PUBLICITY_DAYS, actor, starts_on=None) -> Round:
    """Open the publicity of a ranked round for `days` days from `starts_on` (today)."""
    with transaction.atomic():
        round_ = _locked_round(round_, actor)
        if round_.status == Round.Status.PUBLICITY:
            return round_
        if round_.status == Round.Status.PUBLISHED:
            raise JudgingError(_("This round's results are already published."), code="already_published")
        if round_.ranked_at is None:
            raise JudgingError(_("Rank the round before its results go into publicity."), code="not_ranked")
        panel_actor = actor if (actor.is_superuser or actor.has_perm("experts.change_publicity")) else None
        try:
            publicity = open_publicity(round_, days=days, actor=panel_actor, starts_on=starts_on)
        except ExpertError as error:
            raise JudgingError(error.message, code=error.code) from error
        round_.status = Round.Status.PUBLICITY
        round_.save(update_fields=["status"])
        log(round_, "competitions.round.publicity", user=actor, data={"ends_on": publicity.ends_on.isoformat()})
    return round_


def publicity_of(round_: Round) -> Publicity | None:
    return Publicity.objects.for_subject(round_).first()


def is_final(round_: Round) -> bool:
    """The final: a round that advances nobody and has no later round."""
    return round_.advance == Round.Advance.NONE and not Round.objects.filter(
        competition_id=round_.competition_id, sequence__gt=round_.sequence
    ).exists()


def certificate_holder(entry: Entry):
    """Who holds an entry's certificate: the entrant, or for a team whoever registered it (see the docstring)."""
    return entry.entrant or entry.registered_by


def publish_round(round_: Round, actor) -> Round:
    """Publish a round whose publicity has ended with no open objection; see the module docstring."""
    from showcase.models import Feature
    from showcase.services import feature

    from .results_tasks import send_result_notice

    with transaction.atomic():
        round_ = _locked_round(round_, actor)
        if round_.status == Round.Status.PUBLISHED:
            return round_
        publicity = publicity_of(round_)
        if round_.status != Round.Status.PUBLICITY or publicity is None:
            raise JudgingError(_("Open the publicity of the results first."), code="no_publicity")
        if not publicity.is_over():
            raise JudgingError(
                _("The publicity period runs until %(date)s.") % {"date": publicity.ends_on}, code="publicity_running"
            )
        if Objection.objects.filter(publicity=publicity, status=Objection.Status.OPEN).exists():
            raise JudgingError(_("Resolve the open objections first."), code="objections_open")
        competition = round_.competition
        today = timezone.localdate()
        round_.status, round_.published_at = Round.Status.PUBLISHED, timezone.now()
        round_.save(update_fields=["status", "published_at"])
        took_part = list(
            RoundEntry.objects.filter(round=round_, absent=False, score__isnull=False,
                                      entry__status=Entry.Status.REGISTERED)
            .select_related("entry__entrant", "entry__registered_by", "entry__city", "entry__course")
            .order_by("rank", "pk")
        )
        title = f"{competition.title} · {round_.name}"
        final = is_final(round_)
        for round_entry in took_part:
            entry = round_entry.entry
            ref = source_ref(round_entry)
            if entry.entrant_id and round_.credit_hours > 0:
                record_credit(
                    entry.entrant, hours=round_.credit_hours, category=CreditEntry.Category.PROFESSIONAL,
                    kind=CreditEntry.Kind.COMPETITION, source_ref=ref, title=title, occurred_on=today,
                    recorded_by=actor,
                )
            if not round_entry.prize:
                continue
            with translation.override(settings.LANGUAGE_CODE):  # snapshots read in the platform's language
                prize = str(round_entry.get_prize_display())
            certificate_title = f"{title} {prize}"
            if entry.entrant_id is None:
                certificate_title = f"{title} {prize}（{entry.title}）"
            issue_certificate(
                certificate_holder(entry), kind=Certificate.Kind.AWARD, title=certificate_title,
                issuer=competition.organizer.name, issued_on=today, source_ref=ref, issued_by=actor,
            )
            if final:
                feature(
                    entry, kind=Feature.Kind.COMPETITION, group_key=f"competition:{competition.pk}",
                    group_title=competition.title, year=competition.year, city=entry.city, title=entry.title,
                    honour=prize, rank=round_entry.rank or 0,
                    link_url=(entry.course.url or "") if entry.course_id else "",
                )
        log(round_, "competitions.round.published", user=actor, data={"entries": len(took_part)})
        ids = [round_entry.pk for round_entry in took_part]
        transaction.on_commit(lambda: [send_result_notice.delay(pk) for pk in ids])
    return round_
