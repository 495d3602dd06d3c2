"""The report figures: GROUP BY queries over one organization subtree (see reports.scope).

Each function runs a fixed number of queries, whatever the number of counselors, enrollments or ledger rows; the
per-person lists are querysets the views paginate. Nothing here reads outside the node's subtree: every queryset
starts from `counselors_under(node)` or filters on an organization path under `node.path`.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import (
    Avg,
    Case,
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from certification.evaluator import evaluate_many
from certification.models import AssessmentRound, LevelApplication, LevelRecord
from courses.models import Enrollment
from cpd.models import ZERO, CPDPeriod, CreditEntry
from people.models import Organization, Role, User
from standards.models import Level
from workshops.models import Registration, WorkshopSession

from .scope import Node, counselors_under, group_prefix

MONTHS_SHOWN = 12
ATTENDED = (Registration.Attendance.ATTENDED, Registration.Attendance.PARTIAL)


def percent(part, whole) -> float | None:
    return round(100 * float(part) / float(whole), 1) if whole else None


# --- Completion ------------------------------------------------------------------------------------------------

def enrollments_under(node: Node):
    """Active and completed enrollments of the node's counselors."""
    return Enrollment.objects.current().filter(user__in=counselors_under(node).values("pk"))


def _completion_figures(rows, key) -> dict:
    figures = {}
    for row in rows:
        figures[row[key]] = {
            "enrolled": row["enrolled"],
            "completed": row["completed"],
            "rate": percent(row["completed"], row["enrolled"]),
            "progress": round(float(row["progress"] or 0), 1),
        }
    return figures


COMPLETION_AGGREGATES = {
    "enrolled": Count("pk"),
    "completed": Count("pk", filter=Q(status=Enrollment.Status.COMPLETED)),
    "progress": Avg("progress"),
}


def completion_by_organization(node: Node) -> list[tuple[Organization, dict | None]]:
    rows = (enrollments_under(node).annotate(prefix=group_prefix(node, "user__organization__path"))
            .values("prefix").annotate(**COMPLETION_AGGREGATES).order_by())
    return node.rows_in_order(_completion_figures(rows, "prefix"))


def completion_by_course(node: Node) -> list[dict]:
    """One row per course with enrollments in the subtree, most enrollments first, in one query (a province has a
    few hundred courses, so the list is paginated in memory and the levels are summed from it)."""
    rows = list(enrollments_under(node).values("course_id", "course__title", "course__level_id")
                .annotate(**COMPLETION_AGGREGATES).order_by("-enrolled", "course__title", "course_id"))
    for row in rows:
        row["rate"] = percent(row["completed"], row["enrolled"])
        row["progress"] = round(float(row["progress"] or 0), 1)
    return rows


def completion_by_level(course_rows: list[dict]) -> list[tuple[Level | None, dict]]:
    """The course rows summed by the courses' level (average progress weighted by enrollments)."""
    sums: dict = {}
    for row in course_rows:
        level_sums = sums.setdefault(row["course__level_id"], {"enrolled": 0, "completed": 0, "progress": 0.0})
        level_sums["enrolled"] += row["enrolled"]
        level_sums["completed"] += row["completed"]
        level_sums["progress"] += row["progress"] * row["enrolled"]
    figures = {
        level_id: {"enrolled": found["enrolled"], "completed": found["completed"],
                   "rate": percent(found["completed"], found["enrolled"]),
                   "progress": round(found["progress"] / found["enrolled"], 1) if found["enrolled"] else 0.0}
        for level_id, found in sums.items()
    }
    levels = list(Level.objects.order_by("rank"))
    result = [(level, figures[level.pk]) for level in levels if level.pk in figures]
    if None in figures:
        result.append((None, figures[None]))
    return result


def month_starts(today: datetime.date, count: int = MONTHS_SHOWN) -> list[datetime.date]:
    first = today.replace(day=1)
    months = []
    for _index in range(count):
        months.append(first)
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    return list(reversed(months))


def completion_by_month(node: Node) -> list[dict]:
    """Enrollments started and completed per month, the last twelve months (two queries)."""
    tz = timezone.get_current_timezone()
    months = month_starts(timezone.localdate())
    since = timezone.make_aware(datetime.datetime.combine(months[0], datetime.time.min), tz)
    enrollments = enrollments_under(node)
    started = dict(
        enrollments.filter(created_at__gte=since).annotate(month=TruncMonth("created_at", tzinfo=tz))
        .values_list("month").annotate(n=Count("pk")).values_list("month", "n").order_by()
    )
    completed = dict(
        enrollments.filter(status=Enrollment.Status.COMPLETED, completed_at__gte=since)
        .annotate(month=TruncMonth("completed_at", tzinfo=tz))
        .values_list("month").annotate(n=Count("pk")).values_list("month", "n").order_by()
    )
    started = {_month_key(month): n for month, n in started.items()}
    completed = {_month_key(month): n for month, n in completed.items()}
    return [{"month": month, "started": started.get(month, 0), "completed": completed.get(month, 0)}
            for month in months]


def _month_key(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value.replace(day=1)


def completion_people(node: Node):
    """The node's counselors with their enrollment counts (a queryset to paginate)."""
    return (counselors_under(node).select_related("organization")
            .annotate(enrolled=Count("enrollments", filter=Q(enrollments__status__in=[
                Enrollment.Status.ACTIVE, Enrollment.Status.COMPLETED])),
                completed=Count("enrollments", filter=Q(enrollments__status=Enrollment.Status.COMPLETED)))
            .order_by("organization__path", "real_name", "pk"))


# --- CPD compliance ----------------------------------------------------------------------------------------------

HOURS = DecimalField(max_digits=8, decimal_places=1)


def counselors_with_hours(node: Node, period: CPDPeriod):
    """The node's counselors with their total and professional hours in the period: one GROUP BY over the join
    with their ledger entries of the period only (the date condition is in the join, so other years' entries are
    never read; a correlated subquery would instead be evaluated again for every filter that uses it)."""
    in_period = Q(credit_entries__occurred_on__gte=period.starts_on, credit_entries__occurred_on__lte=period.ends_on)
    return counselors_under(node).annotate(
        period_entries=FilteredRelation("credit_entries", condition=in_period)
    ).annotate(
        total_hours=Coalesce(Sum("period_entries__hours"), Value(ZERO), output_field=HOURS),
        professional_hours=Coalesce(
            Sum("period_entries__hours", filter=Q(period_entries__category=CreditEntry.Category.PROFESSIONAL)),
            Value(ZERO), output_field=HOURS),
    )


def meets(period: CPDPeriod) -> Q:
    return Q(total_hours__gte=period.target_hours, professional_hours__gte=period.required_professional_hours)


COMPLIANCE_SQL = """
    SELECT prefix, COUNT(*),
           SUM(CASE WHEN total_hours >= %s THEN 1 ELSE 0 END),
           SUM(CASE WHEN professional_hours >= %s THEN 1 ELSE 0 END),
           SUM(CASE WHEN total_hours >= %s AND professional_hours >= %s THEN 1 ELSE 0 END),
           SUM(total_hours)
    FROM ({per_counselor}) per_counselor
    GROUP BY prefix
"""


def compliance_by_organization(node: Node, period: CPDPeriod) -> list[tuple[Organization, dict | None]]:
    """Counts meeting the target, the professional share and both, by child organization: the per-counselor sums
    (the ORM's query) grouped again by prefix in an outer query, since SQL cannot aggregate an aggregate in place."""
    per_counselor = (counselors_with_hours(node, period).annotate(prefix=group_prefix(node))
                     .values("prefix", "total_hours", "professional_hours").order_by())
    inner_sql, inner_params = per_counselor.query.sql_with_params()
    # floats: SQLite binds a Decimal as text, which never compares as a number
    target, required = float(period.target_hours), float(period.required_professional_hours)
    with connection.cursor() as cursor:
        cursor.execute(COMPLIANCE_SQL.replace("{per_counselor}", inner_sql),
                       [target, required, target, required, *inner_params])
        keys = ("prefix", "counselors", "met_total", "met_professional", "met", "hours")
        rows = [dict(zip(keys, row, strict=True)) for row in cursor.fetchall()]
    figures = {}
    for row in rows:
        row["hours"] = Decimal(str(row["hours"] or 0))
        figures[row["prefix"]] = {
            **row,
            "met_total_share": percent(row["met_total"], row["counselors"]),
            "met_professional_share": percent(row["met_professional"], row["counselors"]),
            "met_share": percent(row["met"], row["counselors"]),
            "behind": row["counselors"] - row["met"],
            "average": (Decimal(row["hours"] or 0) / row["counselors"]).quantize(Decimal("0.1"))
            if row["counselors"] else ZERO,
        }
    return node.rows_in_order(figures)


def totals_of(rows: list[tuple[Organization, dict | None]], keys: tuple[str, ...]) -> dict:
    totals = dict.fromkeys(keys, 0)
    for _organization, figures in rows:
        for key in keys:
            totals[key] += (figures or {}).get(key) or 0
    return totals


def behind(node: Node, period: CPDPeriod):
    """The counselors of the node who do not yet meet the period's target (a queryset to paginate), the furthest
    behind first."""
    return (counselors_with_hours(node, period).exclude(meets(period)).select_related("organization")
            .order_by("total_hours", "professional_hours", "organization__path", "real_name", "pk"))


def shortfall(period: CPDPeriod, person) -> dict:
    """Hours still missing in all and in professional subjects, and the days left in the period."""
    total_missing = max(period.target_hours - person.total_hours, ZERO)
    professional_missing = max(period.required_professional_hours - person.professional_hours, ZERO)
    days_left = max((period.ends_on - timezone.localdate()).days, 0)
    return {"total": total_missing, "professional": professional_missing, "days_left": days_left}


# --- Progression -------------------------------------------------------------------------------------------------

def _current_rank():
    records = (LevelRecord.objects.valid().filter(holder=OuterRef("pk")).order_by("-level__rank")
               .values("level__rank")[:1])
    return Subquery(records, output_field=IntegerField())


def progression_by_organization(node: Node) -> tuple[list[Level], list[tuple[Organization, dict | None]], dict]:
    """Counselors per current level (their highest valid level record), by organization and in all (two queries)."""
    levels = list(Level.objects.order_by("rank"))
    rows = (counselors_under(node).annotate(prefix=group_prefix(node), rank=_current_rank())
            .values("prefix", "rank").annotate(n=Count("pk")).order_by())
    figures: dict[str, dict] = {}
    totals: dict = {}
    for row in rows:
        per_org = figures.setdefault(row["prefix"], {"levels": {}, "counselors": 0})
        per_org["levels"][row["rank"]] = row["n"]
        per_org["counselors"] += row["n"]
        totals[row["rank"]] = totals.get(row["rank"], 0) + row["n"]
    for per_org in figures.values():
        per_org["cells"] = [per_org["levels"].get(level.rank, 0) for level in levels] + [
            per_org["levels"].get(None, 0)]
    return levels, node.rows_in_order(figures), totals


def eligibility_by_organization(node: Node) -> tuple[dict, dict]:
    """Counselors who may apply for their next level today, by the child organization each rolls up into (path
    prefix) and by that next level (level id): the node's counselors judged by
    `certification.evaluator.evaluate_many` (a fixed number of queries whatever their number) plus one query for
    the prefixes. 一级 holders have no next level and are not counted as judged. Each figure is
    {"judged", "eligible", "share"}."""
    counselors = counselors_under(node)
    prefixes = dict(counselors.annotate(prefix=group_prefix(node)).values_list("pk", "prefix"))
    by_org: dict[str, dict] = {}
    by_level: dict[int, dict] = {}
    for user_id, evaluation in evaluate_many(counselors).items():
        for bucket in (by_org.setdefault(prefixes[user_id], {"judged": 0, "eligible": 0}),
                       by_level.setdefault(evaluation.level.pk, {"judged": 0, "eligible": 0})):
            bucket["judged"] += 1
            bucket["eligible"] += evaluation.eligible
    for found in (*by_org.values(), *by_level.values()):
        found["share"] = percent(found["eligible"], found["judged"])
    return by_org, by_level


def eligibility_seconds() -> int:
    return int(getattr(settings, "LMS_ELIGIBILITY_CACHE_SECONDS", 3600))


def cached_eligibility(node: Node) -> dict:
    """`eligibility_by_organization` for the node, kept in the cache for `LMS_ELIGIBILITY_CACHE_SECONDS` (an hour
    by default) and never past the day it was judged on. The evaluator reads every ledger entry of every counselor
    in the subtree (about ten seconds for a province of 10,000), and eligibility changes by days, not by minutes;
    the page says when the figures were judged. Returns {"by_org", "by_level", "judged_at"}."""
    key = f"reports:eligibility:{node.path}:{timezone.localdate().isoformat()}"
    found = cache.get(key)
    if found is None:
        by_org, by_level = eligibility_by_organization(node)
        found = {"by_org": by_org, "by_level": by_level, "judged_at": timezone.now()}
        cache.set(key, found, eligibility_seconds())
    return found


APPLICATION_STATUSES = [status for status in LevelApplication.Status if status != LevelApplication.Status.DRAFT]


def applications_under(node: Node):
    """Level applications of people whose organization lies in the node's subtree, drafts left out (a draft is
    the applicant's own until submitted)."""
    return LevelApplication.objects.filter(applicant__organization__path__startswith=node.path).exclude(
        status=LevelApplication.Status.DRAFT)


def applications_by_organization(node: Node) -> tuple[list[tuple[Organization, dict | None]], dict]:
    """Applications by child organization and status, and in all by status (one query)."""
    rows = (applications_under(node).annotate(prefix=group_prefix(node, "applicant__organization__path"))
            .values("prefix", "status").annotate(n=Count("pk")).order_by())
    figures: dict[str, dict] = {}
    totals = dict.fromkeys(APPLICATION_STATUSES, 0)
    for row in rows:
        per_org = figures.setdefault(row["prefix"], {"statuses": {}, "applications": 0})
        per_org["statuses"][row["status"]] = row["n"]
        per_org["applications"] += row["n"]
        totals[row["status"]] = totals.get(row["status"], 0) + row["n"]
    for per_org in figures.values():
        per_org["cells"] = [per_org["statuses"].get(status, 0) for status in APPLICATION_STATUSES]
    return node.rows_in_order(figures), totals


def pass_rates_by_round(node: Node, levels: list[Level]) -> list[dict]:
    """Per assessment round with applicants from the subtree, newest first: the node's applicants in it, those
    decided (passed or failed), passed, and the pass rate of the decided (one query; `levels` names the rounds'
    levels)."""
    decided = (LevelApplication.Status.PASSED, LevelApplication.Status.FAILED)
    rows = list(
        applications_under(node).filter(round__isnull=False)
        .values("round_id", "round__name", "round__status", "round__level_id", "round__applications_open_on")
        .annotate(applicants=Count("pk"), decided=Count("pk", filter=Q(status__in=decided)),
                  passed=Count("pk", filter=Q(status=LevelApplication.Status.PASSED)))
        .order_by("-round__applications_open_on", "-round_id")
    )
    statuses = dict(AssessmentRound.Status.choices)
    level_names = {level.pk: level.name for level in levels}
    for row in rows:
        row["level"] = level_names.get(row["round__level_id"], "")
        row["rate"] = percent(row["passed"], row["decided"])
        row["status_label"] = statuses.get(row["round__status"], row["round__status"])
    return rows


# --- Workshops ---------------------------------------------------------------------------------------------------

def held_sessions(node: Node):
    """Sessions held (scheduled, already started) of events organized within the node's subtree."""
    return WorkshopSession.objects.filter(
        page__organization__path__startswith=node.path, status=WorkshopSession.Status.SCHEDULED,
        starts_at__lte=timezone.now(),
    )


def _workshop_figures(node: Node, session_key: str, registration_key: str) -> dict:
    sessions = held_sessions(node)
    capacity = {row["key"]: row for row in sessions.annotate(key=session_key).values("key")
                .annotate(capacity=Sum("capacity"), sessions=Count("pk")).order_by()}
    registrations = (
        Registration.objects.filter(session__in=sessions.values("pk")).annotate(key=registration_key).values("key")
        .annotate(
            booked=Count("pk", filter=Q(status=Registration.Status.BOOKED)),
            attended=Count("pk", filter=Q(status=Registration.Status.BOOKED, attendance__in=ATTENDED)),
            no_show=Count("pk", filter=Q(status=Registration.Status.BOOKED,
                                         attendance=Registration.Attendance.NO_SHOW)),
            rating=Avg("feedback__rating"),
            ratings=Count("feedback"),
        )
        .order_by()
    )
    figures = {}
    for row in registrations:
        seats = capacity.get(row["key"], {})
        figures[row["key"]] = {
            "sessions": seats.get("sessions", 0),
            "capacity": seats.get("capacity") or 0,
            "booked": row["booked"],
            "attended": row["attended"],
            "no_show": row["no_show"],
            "fill_rate": percent(row["booked"], seats.get("capacity") or 0),
            "attendance_rate": percent(row["attended"], row["booked"]),
            "no_show_rate": percent(row["no_show"], row["booked"]),
            "rating": round(float(row["rating"]), 2) if row["rating"] is not None else None,
            "ratings": row["ratings"],
        }
    for key, seats in capacity.items():  # sessions nobody signed up for still count their seats
        figures.setdefault(key, {"sessions": seats["sessions"], "capacity": seats["capacity"] or 0, "booked": 0,
                                 "attended": 0, "no_show": 0, "fill_rate": 0.0, "attendance_rate": None,
                                 "no_show_rate": None, "rating": None, "ratings": 0})
    return figures


def workshops_by_kind(node: Node) -> dict:
    return _workshop_figures(node, F("page__kind"), F("session__page__kind"))


def workshops_by_organization(node: Node) -> list[tuple[Organization, dict | None]]:
    figures = _workshop_figures(node, group_prefix(node, "page__organization__path"),
                                group_prefix(node, "session__page__organization__path"))
    return node.rows_in_order(figures)


# --- Staffing ----------------------------------------------------------------------------------------------------

def staffing_by_organization(node: Node) -> list[tuple[Organization, dict | None]]:
    rows = (counselors_under(node).annotate(prefix=group_prefix(node)).values("prefix")
            .annotate(counselors=Count("pk"),
                      full_time=Count("pk", filter=Q(employment=User.Employment.FULL_TIME)),
                      part_time=Count("pk", filter=Q(employment=User.Employment.PART_TIME)))
            .order_by())
    figures = {row["prefix"]: {**row, "unknown": row["counselors"] - row["full_time"] - row["part_time"],
                               "full_time_share": percent(row["full_time"], row["counselors"])} for row in rows}
    return node.rows_in_order(figures)


def universities(node: Node):
    """Every university in the subtree with its full-time counselors (a queryset to paginate), those below the
    staffing guide (one full-time counselor per 500 graduates, rounded up) first."""
    full_time = (
        User.objects.filter(
            organization__path__startswith=OuterRef("path"), is_active=True,
            approval_status=User.ApprovalStatus.APPROVED, employment=User.Employment.FULL_TIME,
            groups__name=Role.COUNSELOR.value,
        ).order_by().values("is_active").annotate(n=Count("pk")).values("n")
    )
    needed = ExpressionWrapper((F("graduates_per_year") + 499) / 500, output_field=IntegerField())
    return (
        Organization.objects.filter(path__startswith=node.path, kind=Organization.Kind.UNIVERSITY)
        .annotate(full_time=Coalesce(Subquery(full_time, output_field=IntegerField()), 0), needed=needed)
        .annotate(below=Case(When(full_time__lt=F("needed"), then=Value(1)), default=Value(0),
                             output_field=IntegerField()))
        .order_by("-below", "name", "pk")
    )


def per_500(university) -> float | None:
    if not university.graduates_per_year:
        return None
    return round(university.full_time * 500 / university.graduates_per_year, 2)
