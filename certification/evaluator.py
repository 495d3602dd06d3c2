"""The progression evaluator: what stands between a counselor and a level ("what do I still need?").

`evaluate(user, level)` judges one counselor against the requirement version in force for `level`;
`evaluate_many(users)` judges many counselors against their next level each (certification.ladder) in a fixed
number of queries whatever their number: every data source the rules read (level records, the ledger, course
completions, CPD periods, applications, and any source other apps register) is loaded once for everybody, then
each person is judged in memory. Reports and the dashboard use the batch form; 我的晋级 uses the single form.

The rules: every group of a requirement set must hold; inside a group, "all" needs every requirement and "any" one
of them. Eligibility to apply reads only the eligibility-stage requirements; the assessment-stage ones (exam,
skills assessment, comprehensive review) are judged from the application's scores. An application is judged by its
snapshot (`Evaluation.as_snapshot()`), never re-evaluated against a later version.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from standards.models import Level

from .ladder import next_on_ladder
from .models import LevelApplication, LevelRecord, RequirementSet
from .requirements import ELIGIBILITY, Result, get_kind

_sources: dict[str, Callable] = {}


def register_source(name: str, loader: Callable) -> None:
    """Add a data source for registered requirement kinds: `loader(user_ids, on)` returns {user_id: value} in one
    query; `user_ids` is a list or a subquery of user ids. The value reaches kinds as `facts.extra[name]`."""
    _sources[name] = loader


@dataclass
class SharedFacts:
    """What every person's judgement shares: the ladder, training plans, CPD periods, the catalogue link."""

    ladder_by_code: dict = field(default_factory=dict)
    plans: dict = field(default_factory=dict)  # level id -> [(course id, title, url)]
    periods: list = field(default_factory=list)  # newest first
    catalogue_url: str = ""
    labels: dict = field(default_factory=dict)  # requirement labels, worded once per batch


@dataclass
class PersonFacts:
    """One person's data, as the sources loaded it."""

    shared: SharedFacts
    practising_since: date | None = None
    education: str = ""
    records: list = field(default_factory=list)  # [(level rank, obtained_on)] of valid records
    credits: list = field(default_factory=list)  # [(occurred_on, category, topic code, hours)]
    completed_courses: set = field(default_factory=set)
    scores: dict = field(default_factory=dict)  # part -> Decimal, from the application for the judged level
    extra: dict = field(default_factory=dict)


@dataclass
class GroupResult:
    mode: str
    label: str
    results: list

    @property
    def met(self) -> bool:
        return _holds(self.mode, [r.met for r in self.results])

    @property
    def eligible(self) -> bool:
        flags = [r.met for r in self.results if r.stage == ELIGIBILITY]
        return _holds(self.mode, flags) if flags else True


def _holds(mode: str, flags: list) -> bool:
    if not flags:
        return True
    return any(flags) if mode == "any" else all(flags)


@dataclass
class Evaluation:
    """A counselor judged against one level on one day."""

    user_id: int
    level: Level
    requirement_set: RequirementSet | None
    on: date
    groups: list = field(default_factory=list)

    @property
    def results(self) -> list[Result]:
        return [result for group in self.groups for result in group.results]

    @property
    def eligible(self) -> bool:
        """May apply: a version is in force and every group's eligibility-stage requirements hold."""
        return self.requirement_set is not None and all(group.eligible for group in self.groups)

    @property
    def passed(self) -> bool:
        """Every requirement holds, the assessment included."""
        return self.requirement_set is not None and all(group.met for group in self.groups)

    @property
    def first_unmet(self) -> Result | None:
        """The first eligibility requirement that stands in the way (in an "any" group, the closest path)."""
        for group in self.groups:
            if group.eligible:
                continue
            unmet = [r for r in group.results if r.stage == ELIGIBILITY and not r.met]
            if group.mode == "any":
                unmet.sort(key=lambda r: -r.progress)
            if unmet:
                return unmet[0]
        return None

    def as_snapshot(self) -> dict:
        return {
            "level": self.level.code,
            "requirement_set": self.requirement_set.pk if self.requirement_set else None,
            "version": self.requirement_set.version if self.requirement_set else None,
            "evaluated_on": self.on.isoformat(),
            "eligible": self.eligible,
            "groups": [
                {"mode": g.mode, "label": g.label, "met": g.met, "eligible": g.eligible,
                 "results": [r.as_snapshot() for r in g.results]}
                for g in self.groups
            ],
        }


def _judge(requirement_set: RequirementSet, facts: PersonFacts, level: Level, on: date) -> list[GroupResult]:
    groups = []
    for group in requirement_set.groups:
        results = []
        for spec in group.get("requirements", []):
            kind = get_kind(spec.get("kind"))
            if kind is None:
                results.append(Result(kind=str(spec.get("kind")), label=_("Unknown requirement"), met=False,
                                      spec=spec))
                continue
            results.append(kind.evaluate(spec, facts, level, on))
        groups.append(GroupResult(mode=group.get("mode", "all"), label=group.get("label", ""), results=results))
    return groups


def _needed_sources(requirement_sets) -> set:
    needed = set()
    for requirement_set in requirement_sets:
        for group in requirement_set.groups:
            for spec in group.get("requirements", []):
                kind = get_kind(spec.get("kind"))
                if kind is not None:
                    needed.update(kind.sources)
    return needed


def _load_shared(needed: set, ladder: list) -> SharedFacts:
    shared = SharedFacts(ladder_by_code={level.code: level for level in ladder})
    if "plans" in needed or "credits" in needed:
        from courses.models import CourseIndexPage, TrainingPlanEntry

        catalogue = CourseIndexPage.objects.live().first()
        shared.catalogue_url = catalogue.url if catalogue else ""
        if "plans" in needed:
            entries = (
                TrainingPlanEntry.objects.select_related("plan", "course")
                .order_by("plan__level_id", "sort_order", "pk")
            )
            for entry in entries:
                shared.plans.setdefault(entry.plan.level_id, []).append(
                    (entry.course_id, entry.course.title, entry.course.url or "")
                )
    if "periods" in needed:
        from cpd.models import CPDPeriod

        shared.periods = list(CPDPeriod.objects.order_by("-starts_on")[:20])
    return shared


def _load_people(users, ids, needed: set, shared: SharedFacts, on: date, targets: dict) -> dict:
    facts = {
        user.pk: PersonFacts(shared=shared, practising_since=user.practising_since, education=user.education or "")
        for user in users
    }
    if "credits" in needed:
        from cpd.models import CreditEntry

        rows = CreditEntry.objects.filter(counselor_id__in=ids, occurred_on__lte=on).values_list(
            "counselor_id", "occurred_on", "category", "topic__code", "hours"
        )
        for user_id, occurred_on, category, topic, hours in rows.iterator(chunk_size=5000):
            facts[user_id].credits.append((occurred_on, category, topic, hours))
    if "courses" in needed:
        from courses.models import Enrollment

        rows = Enrollment.objects.filter(user_id__in=ids, status=Enrollment.Status.COMPLETED).values_list(
            "user_id", "course_id"
        )
        for user_id, course_id in rows.iterator(chunk_size=5000):
            facts[user_id].completed_courses.add(course_id)
    if "applications" in needed:
        rows = (
            LevelApplication.objects.filter(applicant_id__in=ids)
            .exclude(status=LevelApplication.Status.WITHDRAWN)
            .order_by("applicant_id", "-created_at", "-pk")
            .values_list("applicant_id", "level_id", "status", "theory_score", "skills_score", "review_score")
        )
        seen = set()
        for user_id, level_id, status, theory, skills, review in rows.iterator(chunk_size=5000):
            if (user_id, level_id) in seen or targets.get(user_id) != level_id:
                continue
            seen.add((user_id, level_id))
            if status in LevelApplication.OPEN_STATUSES or status == LevelApplication.Status.PASSED:
                scores = {"theory": theory, "skills": skills, "review": review}
                facts[user_id].scores = {k: Decimal(v) for k, v in scores.items() if v is not None}
    for name in needed:
        if name in _sources:
            values = _sources[name](ids, on)
            for user_id, value in values.items():
                if user_id in facts:
                    facts[user_id].extra[name] = value
    return facts


def _load_records(ids) -> dict:
    records = defaultdict(list)
    rows = LevelRecord.objects.valid().filter(holder_id__in=ids).values_list("holder_id", "level__rank",
                                                                              "obtained_on")
    for user_id, rank, obtained_on in rows.iterator(chunk_size=5000):
        records[user_id].append((rank, obtained_on))
    return records


def _batch(users, ids, targets: dict | None, on: date, requirement_sets: dict | None = None) -> dict:
    ladder = list(Level.objects.ladder())
    by_rank = {level.rank: level for level in ladder}
    records = _load_records(ids)
    if targets is None:
        targets = {}
        for user in users:
            held = max((rank for rank, _d in records.get(user.pk, [])), default=None)
            level = next_on_ladder(ladder, by_rank.get(held) if held is not None else None)
            if level is not None:
                targets[user.pk] = level
    if requirement_sets is None:
        requirement_sets = RequirementSet.objects.in_force_by_level(on)
    needed = _needed_sources(requirement_sets[level.pk] for level in targets.values() if level.pk in requirement_sets)
    shared = _load_shared(needed, ladder)
    facts = _load_people(users, ids, needed, shared, on, {uid: level.pk for uid, level in targets.items()})
    evaluations = {}
    for user_id, level in targets.items():
        person = facts[user_id]
        person.records = records.get(user_id, [])
        requirement_set = requirement_sets.get(level.pk)
        groups = _judge(requirement_set, person, level, on) if requirement_set else []
        evaluations[user_id] = Evaluation(user_id=user_id, level=level, requirement_set=requirement_set, on=on,
                                          groups=groups)
    return evaluations


def evaluate(user, level: Level, *, on: date | None = None, requirement_set: RequirementSet | None = None):
    """Judge `user` against `level` on `on` (today by default), by `requirement_set` or the version in force."""
    on = on or timezone.localdate()
    sets = {level.pk: requirement_set} if requirement_set is not None else None
    return _batch([user], [user.pk], {user.pk: level}, on, sets)[user.pk]


def evaluate_many(users, *, on: date | None = None) -> dict[int, Evaluation]:
    """Judge each user against their next level, in a fixed number of queries. Users at the top of the ladder
    (一级 holders) have no next level and are absent from the result."""
    on = on or timezone.localdate()
    if isinstance(users, QuerySet):
        ids = users.values("pk")
        users = list(users.only("pk", "practising_since", "education"))
    else:
        users = list(users)
        ids = [user.pk for user in users]
    return _batch(users, ids, None, on)


def describe(requirement_set: RequirementSet) -> list[tuple[str, str, list[str]]]:
    """A version's rules in words, as 我的晋级 words them: (group label, mode, requirement labels) per group."""
    shared = SharedFacts(ladder_by_code={level.code: level for level in Level.objects.all()})
    described = []
    for group in requirement_set.groups:
        labels = []
        for spec in group.get("requirements", []):
            kind = get_kind(spec.get("kind"))
            labels.append(kind.label(spec, requirement_set.level, shared) if kind else str(spec.get("kind")))
        described.append((group.get("label", ""), group.get("mode", "all"), labels))
    return described
