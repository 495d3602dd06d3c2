"""The figures of "My CPD", computed in a fixed number of queries however many entries a counselor has.

This period's entries are summed in the database grouped by (topic, kind, category), which gives at most
topics × kinds × 2 rows; earlier periods are summed in one grouped query as well.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, IntegerField, Q, Sum, Value, When
from django.utils.translation import gettext

from standards.models import Topic

from .models import ZERO, CPDPeriod, CreditEntry

EARLIER_PERIODS_SHOWN = 10


@dataclass
class Bar:
    label: str
    hours: Decimal
    percent: float = 0.0  # the bar's length as a share of the longest bar


@dataclass
class Chart:
    """The hours-by-topic bar chart; the page draws each bar as HTML text with an SVG bar, so labels keep the
    page's font size at every screen width."""

    bars: list[Bar] = field(default_factory=list)


def _chart(rows: list[tuple[str, Decimal]]) -> Chart:
    chart = Chart()
    biggest = max((hours for _, hours in rows), default=ZERO)
    for label, hours in rows:
        share = float(hours / biggest) if biggest > 0 and hours > 0 else 0.0
        chart.bars.append(Bar(label=label, hours=hours, percent=round(share * 100, 1)))
    return chart


def _shortfall(target: Decimal, done: Decimal) -> Decimal:
    return max(target - done, ZERO)


def my_cpd(user) -> dict:
    period = CPDPeriod.current()
    entries = CreditEntry.objects.filter(counselor=user)

    grouped = (
        entries.in_period(period)
        .values("topic_id", "kind", "category")
        .annotate(hours=Sum("hours"))
        .order_by()
    )
    total = professional = public = ZERO
    by_topic: dict[int | None, Decimal] = {}
    by_kind: dict[str, Decimal] = {}
    for row in grouped:
        hours = row["hours"] or ZERO
        total += hours
        if row["category"] == CreditEntry.Category.PROFESSIONAL:
            professional += hours
        else:
            public += hours
        by_topic[row["topic_id"]] = by_topic.get(row["topic_id"], ZERO) + hours
        by_kind[row["kind"]] = by_kind.get(row["kind"], ZERO) + hours

    topics = {topic.pk: topic for topic in Topic.objects.filter(pk__in=[pk for pk in by_topic if pk is not None])}
    topic_rows = [(topics[pk].name, hours) for pk, hours in by_topic.items() if pk is not None and pk in topics]
    topic_rows.sort(key=lambda row: (-row[1], row[0]))
    if None in by_topic:
        topic_rows.append((gettext("No topic"), by_topic[None]))
    kind_labels = dict(CreditEntry.Kind.choices)
    kind_rows = sorted(((str(kind_labels.get(kind, kind)), hours) for kind, hours in by_kind.items()),
                       key=lambda row: (-row[1], row[0]))

    required_professional = period.required_professional_hours
    share = (professional / total * 100).quantize(Decimal("1")) if total > 0 else None

    return {
        "period": period,
        "total": total,
        "professional": professional,
        "public": public,
        "professional_percent": share,
        "target": period.target_hours,
        "required_professional": required_professional,
        "shortfall": _shortfall(period.target_hours, total),
        "professional_shortfall": _shortfall(required_professional, professional),
        "by_topic": topic_rows,
        "by_kind": kind_rows,
        "chart": _chart(topic_rows),
        "earlier": earlier_periods(user, period),
    }


def earlier_periods(user, current: CPDPeriod) -> list[dict]:
    """The last periods before `current`, newest first, with their totals (two queries)."""
    earlier = CPDPeriod.objects.filter(ends_on__lt=current.starts_on).order_by("-starts_on")
    periods = list(earlier[:EARLIER_PERIODS_SHOWN])
    if not periods:
        return []
    which = Case(
        *(When(occurred_on__gte=p.starts_on, occurred_on__lte=p.ends_on, then=Value(p.pk)) for p in periods),
        default=Value(None),
        output_field=IntegerField(),
    )
    sums = (
        CreditEntry.objects.filter(counselor=user, occurred_on__gte=periods[-1].starts_on,
                                   occurred_on__lte=periods[0].ends_on)
        .annotate(period_id=which)
        .filter(period_id__isnull=False)
        .values("period_id")
        .annotate(
            total=Sum("hours"),
            professional=Sum("hours", filter=Q(category=CreditEntry.Category.PROFESSIONAL)),
            public=Sum("hours", filter=Q(category=CreditEntry.Category.PUBLIC)),
        )
        .order_by()
    )
    by_period = {row["period_id"]: row for row in sums}
    rows = []
    for p in periods:
        row = by_period.get(p.pk, {})
        total = row.get("total") or ZERO
        professional = row.get("professional") or ZERO
        rows.append(
            {
                "period": p,
                "total": total,
                "professional": professional,
                "public": row.get("public") or ZERO,
                "target": p.target_hours,
                "met": total >= p.target_hours and professional >= p.required_professional_hours,
            }
        )
    return rows
