"""Requirement kinds: what one requirement of a level reads and how it is judged.

A requirement set's rules (certification.models.RequirementSet.rules) hold groups of requirements; each
requirement is a dict with a "kind" key and that kind's parameters. A kind is a class with:

- `stage`: "eligibility" (must hold before one may apply) or "assessment" (judged after acceptance: exam scores,
  panel results);
- `sources`: the names of the data sources it reads (see certification.evaluator; each source is loaded once per
  batch, in one query, for everybody evaluated);
- `label(spec, level, shared)`: the requirement in words, in the active language;
- `clean(spec)`: the parameters checked and normalised for the requirement editor (raises ValueError with a
  translated message);
- `evaluate(spec, facts, level, on)`: a Result (met, have, need, progress, next action and link); `facts` is a
  certification.evaluator.PersonFacts.

Other apps add kinds without this app importing them (as standards.holdings inverts dependencies):
`register_kind("competition_prize", CompetitionPrizeKind)` in their AppConfig.ready, and
`register_source(name, loader)` for any data it needs. Rules naming a kind nobody registered are shown as unmet
("unknown requirement"), never as a crash.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

ELIGIBILITY = "eligibility"
ASSESSMENT = "assessment"

EDUCATION_ORDER = ["secondary", "junior_college", "bachelor", "master", "doctorate"]
SCORE_PARTS = ("theory", "skills", "review")

_kinds: dict = {}


@dataclass
class Result:
    """One requirement judged for one person: met or not, what they have and need, and what to do next."""

    kind: str
    label: str
    met: bool
    have: str = ""
    need: str = ""
    progress: float = 0.0
    action: str = ""
    url: str = ""
    stage: str = ELIGIBILITY
    met_on: date | None = None
    spec: dict = field(default_factory=dict)

    @property
    def percent(self) -> int:
        return round(max(0.0, min(1.0, self.progress)) * 100)

    def as_snapshot(self) -> dict:
        return {
            "kind": self.kind, "label": self.label, "met": self.met, "have": self.have, "need": self.need,
            "progress": round(self.progress, 3), "stage": self.stage,
            "met_on": self.met_on.isoformat() if self.met_on else None, "spec": self.spec,
        }


def register_kind(key: str, kind_class) -> None:
    """Make requirement kind `key` available to rules (an instance of `kind_class` judges it)."""
    _kinds[key] = kind_class()


def get_kind(key: str):
    return _kinds.get(key)


def kinds() -> dict:
    return dict(_kinds)


def add_years(day: date, years: int) -> date:
    """The day `years` whole years after `day`, counted to the day (29 February moves to 1 March)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1)


def whole_years(start: date, on: date) -> int:
    return on.year - start.year - ((on.month, on.day) < (start.month, start.day))


def _number(value, *, minimum=0, maximum=100) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        number = None
    if number is None or not number.is_finite() or number < minimum or number > maximum:
        raise ValueError(_("Enter a number from %(min)s to %(max)s.") % {"min": minimum, "max": maximum})
    return number


def _years(value) -> int:
    return int(_number(value, minimum=0, maximum=50))


def _fmt(value) -> str:
    value = Decimal(str(value)).quantize(Decimal("0.1"))
    return str(int(value)) if value == value.to_integral() else str(value)


def _day(value: date) -> str:
    return _formatted_day(value, get_language())


@lru_cache(maxsize=4096)
def _formatted_day(value: date, language: str) -> str:
    """Dates repeat across a batch of thousands of people; format each once per language."""
    return date_format(value, "DATE_FORMAT")


class RequirementKind:
    """Base of the requirement kinds; subclasses set `key`, `stage`, `sources` and implement the three methods."""

    key = ""
    stage = ELIGIBILITY
    sources: tuple = ()
    verbose_name = ""

    def clean(self, spec: dict) -> dict:
        return {"kind": self.key}

    def label(self, spec: dict, level, shared) -> str:
        raise NotImplementedError

    def evaluate(self, spec: dict, facts, level, on: date) -> Result:
        raise NotImplementedError

    def result(self, spec, level, facts, **kwargs) -> Result:
        """A Result with this requirement's label (worded once per batch: every person shares it)."""
        key = (self.key, id(spec), level.pk)
        label = facts.shared.labels.get(key)
        if label is None:
            label = facts.shared.labels[key] = self.label(spec, level, facts.shared)
        return Result(kind=self.key, label=label, stage=self.stage, spec=spec, **kwargs)

    def years_since(self, spec, level, facts, *, start: date, years: int, need: str, on: date) -> Result:
        """An "N years since `start`" requirement: met from the anniversary on (counted to the day), before it the
        progress is the share of days passed and the action names the date it is met."""
        due = add_years(start, years)
        have = _("%(years)s years (since %(date)s)") % {"years": whole_years(start, on), "date": _day(start)}
        if due <= on:
            return self.result(spec, level, facts, met=True, have=have, need=need, progress=1.0, met_on=due)
        total = max((due - start).days, 1)
        return self.result(
            spec, level, facts, met=False, have=have, need=need, progress=(on - start).days / total, met_on=due,
            action=_("Met on %(date)s.") % {"date": _day(due)},
        )


class PriorLevelKind(RequirementKind):
    """A lower level held (a valid record) for at least N years, counted to the day from the day it was obtained.
    Holding a higher level counts as holding it since that higher level was obtained."""

    key = "prior_level"
    sources = ("records",)

    @property
    def verbose_name(self):
        return _("Prior level held for N years")

    def clean(self, spec):
        from standards.models import Level

        code = (spec.get("level") or "").strip()
        if not Level.objects.ladder().filter(code=code).exists():
            raise ValueError(_("Choose a level of the ladder."))
        return {"kind": self.key, "level": code, "years": _years(spec.get("years", 0))}

    def label(self, spec, level, shared):
        wanted = shared.ladder_by_code.get(spec.get("level"))
        name = wanted.name if wanted else spec.get("level")
        years = spec.get("years", 0)
        if not years:
            return _("Hold %(level)s") % {"level": name}
        return _("Hold %(level)s for at least %(years)s years") % {"level": name, "years": years}

    def evaluate(self, spec, facts, level, on):
        years = int(spec.get("years", 0) or 0)
        wanted = facts.shared.ladder_by_code.get(spec.get("level"))
        held_since = None
        if wanted is not None:
            dates = [d for rank, d in facts.records if rank >= wanted.rank]
            held_since = min(dates) if dates else None
        need = _("%(years)s years") % {"years": years}
        if held_since is None:
            return self.result(spec, level, facts, met=False, have=_("not held"), need=need, progress=0.0,
                               action=_("This path needs the lower level first."))
        return self.years_since(spec, level, facts, start=held_since, years=years, need=need, on=on)


class PracticeYearsKind(RequirementKind):
    """Years of practice from the profile's practising-since date, counted to the day; an education at or above
    `degree` (for example a bachelor's degree) lowers the years to `degree_years`."""

    key = "practice_years"
    sources = ("people",)

    @property
    def verbose_name(self):
        return _("Years of practice")

    def clean(self, spec):
        cleaned = {"kind": self.key, "years": _years(spec.get("years", 0))}
        degree = (spec.get("degree") or "").strip()
        if degree:
            if degree not in EDUCATION_ORDER:
                raise ValueError(_("Choose an education level."))
            cleaned["degree"] = degree
            cleaned["degree_years"] = _years(spec.get("degree_years", cleaned["years"]))
        return cleaned

    def label(self, spec, level, shared):
        from people.models import User

        text = _("At least %(years)s years of practice") % {"years": spec.get("years", 0)}
        if spec.get("degree"):
            text += _(" (%(years)s years with %(degree)s or higher)") % {
                "years": spec.get("degree_years"), "degree": User.Education(spec["degree"]).label,
            }
        return text

    def required_years(self, spec, education: str) -> int:
        years = int(spec.get("years", 0))
        degree = spec.get("degree")
        if degree and education in EDUCATION_ORDER and EDUCATION_ORDER.index(education) >= EDUCATION_ORDER.index(
            degree
        ):
            years = min(years, int(spec.get("degree_years", years)))
        return years

    def evaluate(self, spec, facts, level, on):
        years = self.required_years(spec, facts.education)
        need = _("%(years)s years") % {"years": years}
        start = facts.practising_since
        if start is None:
            return self.result(
                spec, level, facts, met=False, have=_("start of practice not given"), need=need,
                action=_("Enter the date you began practising in your profile."), url=reverse("people:profile"),
            )
        return self.years_since(spec, level, facts, start=start, years=years, need=need, on=on)


class TrainingHoursKind(RequirementKind):
    """Training hours (学时) from the ledger: counted since the applicant's current level was obtained (or, without a
    level, within the last `window_years` years), optionally professional credit only or only some topics. Without
    an explicit `hours` the level's training hours (Level.training_hours) apply."""

    key = "training_hours"
    sources = ("records", "credits")

    @property
    def verbose_name(self):
        return _("Training hours")

    def clean(self, spec):
        from standards.models import Topic

        cleaned = {"kind": self.key, "window_years": _years(spec.get("window_years", 5) or 5)}
        if spec.get("hours") not in (None, ""):
            cleaned["hours"] = str(_number(spec["hours"], minimum=0, maximum=10000))
        category = (spec.get("category") or "").strip()
        if category not in ("", "professional", "public"):
            raise ValueError(_("Choose professional or public subjects."))
        if category:
            cleaned["category"] = category
        topics = [code for code in spec.get("topics") or [] if code]
        if topics:
            known = set(Topic.objects.filter(code__in=topics).values_list("code", flat=True))
            if known != set(topics):
                raise ValueError(_("Choose topics from the list."))
            cleaned["topics"] = sorted(known)
        return cleaned

    def required(self, spec, level) -> Decimal:
        if spec.get("hours") not in (None, ""):
            return Decimal(str(spec["hours"]))
        return Decimal(level.training_hours)

    def label(self, spec, level, shared):
        hours = _fmt(self.required(spec, level))
        if spec.get("category") == "professional":
            text = _("%(hours)s training hours in professional subjects") % {"hours": hours}
        elif spec.get("category") == "public":
            text = _("%(hours)s training hours in public subjects") % {"hours": hours}
        else:
            text = _("%(hours)s training hours") % {"hours": hours}
        if spec.get("topics"):
            text += _(" on %(topics)s") % {"topics": "、".join(spec["topics"])}
        return text

    def since(self, spec, facts, on) -> date:
        if facts.records:
            return max(d for rank, d in facts.records)
        return add_years(on, -int(spec.get("window_years", 5) or 5))

    def evaluate(self, spec, facts, level, on):
        need = self.required(spec, level)
        since = self.since(spec, facts, on)
        topics = set(spec.get("topics") or [])
        category = spec.get("category") or ""
        earned = sum(
            (
                hours for occurred_on, entry_category, topic, hours in facts.credits
                if since <= occurred_on <= on and (not category or entry_category == category)
                and (not topics or topic in topics)
            ),
            Decimal("0"),
        )
        have = _("%(hours)s hours since %(date)s") % {"hours": _fmt(earned), "date": _day(since)}
        need_text = _("%(hours)s hours") % {"hours": _fmt(need)}
        if earned >= need:
            return self.result(spec, level, facts, met=True, have=have, need=need_text, progress=1.0)
        missing = need - earned
        return self.result(
            spec, level, facts, met=False, have=have, need=need_text, progress=float(earned / need) if need else 1.0,
            action=_("%(hours)s hours missing: take a course or an event.") % {"hours": _fmt(missing)},
            url=facts.shared.catalogue_url,
        )


class PlanCoursesKind(RequirementKind):
    """Every course of the target level's training plan (courses.TrainingPlan) completed."""

    key = "plan_courses"
    sources = ("plans", "courses")

    @property
    def verbose_name(self):
        return _("Training plan completed")

    def label(self, spec, level, shared):
        return _("Complete the courses of the %(level)s training plan") % {"level": level}

    def evaluate(self, spec, facts, level, on):
        plan = facts.shared.plans.get(level.pk, [])
        done = [course for course in plan if course[0] in facts.completed_courses]
        have = _("%(done)s of %(total)s courses") % {"done": len(done), "total": len(plan)}
        missing = [course for course in plan if course[0] not in facts.completed_courses]
        if not missing:
            return self.result(spec, level, facts, met=True, have=have, need=str(len(plan)), progress=1.0)
        _course, title, url = missing[0]
        return self.result(
            spec, level, facts, met=False, have=have, need=str(len(plan)), progress=len(done) / len(plan),
            action=_("Next course: %(title)s") % {"title": title}, url=url,
        )


class CPDPeriodsKind(RequirementKind):
    """The CPD target (cpd.CPDPeriod.target_hours) met in each of the last K periods that have ended."""

    key = "cpd_periods"
    sources = ("periods", "credits")

    @property
    def verbose_name(self):
        return _("CPD target met")

    def clean(self, spec):
        return {"kind": self.key, "periods": max(1, _years(spec.get("periods", 1)))}

    def label(self, spec, level, shared):
        return _("CPD target met in each of the last %(count)s periods") % {"count": spec.get("periods", 1)}

    def evaluate(self, spec, facts, level, on):
        count = int(spec.get("periods", 1))
        periods = [p for p in facts.shared.periods if p.ends_on < on][:count]
        met_periods = 0
        for period in periods:
            total = sum(
                (hours for occurred_on, _c, _t, hours in facts.credits
                 if period.starts_on <= occurred_on <= period.ends_on),
                Decimal("0"),
            )
            met_periods += total >= period.target_hours
        have = _("%(met)s of %(count)s periods") % {"met": met_periods, "count": count}
        met = len(periods) == count and met_periods == count
        return self.result(
            spec, level, facts, met=met, have=have, need=str(count), progress=met_periods / count,
            action="" if met else _("See your CPD record."), url="" if met else reverse("cpd:my_cpd"),
        )


class AssessmentKind(RequirementKind):
    """A part of the assessment passed: the theory exam, the skills assessment or the comprehensive review (综合评审),
    each out of 100, passed at `pass` (default 60). Judged after the application is accepted into a round."""

    key = "assessment"
    stage = ASSESSMENT
    sources = ("applications",)

    @property
    def verbose_name(self):
        return _("Assessment passed")

    def clean(self, spec):
        part = spec.get("part")
        if part not in SCORE_PARTS:
            raise ValueError(_("Choose the theory exam, the skills assessment or the comprehensive review."))
        return {"kind": self.key, "part": part, "pass": str(_number(spec.get("pass", 60)))}

    def label(self, spec, level, shared):
        names = {
            "theory": _("Theory exam"), "skills": _("Skills assessment"), "review": _("Comprehensive review"),
        }
        return _("%(part)s: at least %(mark)s of 100") % {
            "part": names.get(spec.get("part"), spec.get("part")), "mark": _fmt(spec.get("pass", 60)),
        }

    def evaluate(self, spec, facts, level, on):
        mark = Decimal(str(spec.get("pass", 60)))
        score = facts.scores.get(spec.get("part"))
        need = _fmt(mark)
        if score is None:
            return self.result(spec, level, facts, met=False, have=_("not yet assessed"), need=need,
                               action=_("Assessed after your application is accepted into a round."))
        return self.result(spec, level, facts, met=score >= mark, have=_fmt(score), need=need,
                           progress=float(min(score / mark, 1)) if mark else 1.0)


for _kind in (PriorLevelKind, PracticeYearsKind, TrainingHoursKind, PlanCoursesKind, CPDPeriodsKind, AssessmentKind):
    register_kind(_kind.key, _kind)
