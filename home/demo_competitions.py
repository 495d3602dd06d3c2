"""Demo data of the competitions: every state the organizers, entrants and experts meet, built through the services.

- 2025年山东省职业指导技能竞赛 (finished): city preliminaries (knowledge contest, ranked per city, top 2 advance) and
  a provincial final (scenario simulation judged by panels of three) with prizes, certificates, credit and the
  showcase; counselor@demo.example took a second prize and its credit.
- 2026年职业指导金课竞赛 (registration open): two courses entered, nothing judged yet.
- 2026年山东省大学生职业规划大赛 (under way): teams of 济南 and 青岛 universities; the city preliminary is judged by
  panels of two: most are decided, one waits for an expert still to score (expert@demo.example when the pool's
  rotation drew them), one diverges and waits for the chair.
- 2026年山东省职业指导技能竞赛（知识赛） : a final in publicity with an objection waiting for a decision.

Idempotent: a competition that exists (by title) is left as it is. Prints nothing.
"""

import datetime
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from competitions import ranking, registration, results
from competitions.judging import assign_round_panels, panels_for
from competitions.models import Competition, Entry, EntryMaterial, Round, RoundEntry, TeamMember, Track
from courses.models import CoursePage, CourseTrainer
from courses.teams import sync_course_team
from experts.models import Publicity, Rubric, RubricCriterion
from experts.services import file_objection, submit_score
from people.models import Organization, User

SKILLS_2025 = "2025年山东省职业指导技能竞赛"
GOLD_2026 = "2026年职业指导金课竞赛"
STUDENTS_2026 = "2026年山东省大学生职业规划大赛"
SKILLS_2026 = "2026年山东省职业指导技能竞赛（知识赛）"

STUDENT_RUBRIC = ("大学生职业规划大赛评审表", "职业规划作品评审：自我认知、职业认知、规划设计与表达。", [
    ("自我认知与职业认知", 30, 100), ("规划设计与可行性", 40, 100), ("作品表达与创新", 30, 100),
])

TEAMS = [  # (university code, team name, [(student, major, year)])
    ("sdu", "山大启航队", [("刘一鸣", "人力资源管理", 3), ("王雨桐", "心理学", 3)]),
    ("sdu", "泉城逐梦队", [("陈思远", "社会工作", 2), ("赵可欣", "汉语言文学", 4)]),
    ("jnvc", "济职匠心队", [("孙浩然", "机电一体化", 2)]),
    ("ouc", "海大远航队", [("周子涵", "海洋科学", 3), ("吴俊杰", "经济学", 3)]),
    ("ouc", "蓝色梦想队", [("郑雅琪", "法学", 2)]),
    ("qdhvc", "青酒启明队", [("冯晓雪", "酒店管理", 3)]),
]

PLAN_PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\n" \
    b"trailer<</Root 1 0 R>>\n%%EOF\n"


def _now():
    return timezone.now()


def _user(email):
    return User.objects.get(email=email)


def _student_rubric() -> Rubric:
    name, description, criteria = STUDENT_RUBRIC
    rubric, created = Rubric.objects.get_or_create(name=name, defaults={"description": description})
    if created:
        for order, (label, weight, max_score) in enumerate(criteria):
            RubricCriterion.objects.create(rubric=rubric, label=label, weight=Decimal(weight),
                                           max_score=Decimal(max_score), sort_order=order)
    return rubric


def _competition(title, kind, year, organizer, status, opens, closes, **fields) -> Competition:
    return Competition.objects.create(
        title=title, kind=kind, year=year, organizer=organizer, status=status, registration_opens_at=opens,
        registration_closes_at=closes, created_by=_user("province@demo.example"), **fields,
    )


def _entry(competition, round_, *, entrant=None, organization, title, registered_by, track=None, score=None,
           seconds=None) -> RoundEntry:
    city = organization if organization.kind == Organization.Kind.CITY else organization.get_parent()
    entry = Entry.objects.create(
        competition=competition, entrant=entrant, organization=organization, city=city, title=title,
        registered_by=registered_by, track=track,
    )
    return RoundEntry.objects.create(round=round_, entry=entry, score=score, seconds_taken=seconds)


def _score(seat, total):
    criteria = seat.panel.rubric.criteria.all()
    submit_score(seat.pk, user=seat.expert.user, scores={c.pk: Decimal(total) for c in criteria},
                 comment="表现较好，方案设计清晰。" if total >= 80 else "基础扎实，仍需加强实操。")


def _publish(round_, admin, *, days=5):
    results.open_round_publicity(round_, days=days, actor=admin,
                                 starts_on=timezone.localdate() - datetime.timedelta(days=days + 1))
    results.publish_round(round_, admin)


def skills_2025(admin):
    """The finished skills competition with its published preliminaries and final."""
    if Competition.objects.filter(title=SKILLS_2025).exists():
        return
    from home.demo_experts import rubrics

    province = Organization.objects.get(code="shandong")
    competition = _competition(
        SKILLS_2025, Competition.Kind.SKILLS, 2025, province, Competition.Status.FINISHED,
        timezone.make_aware(datetime.datetime(2025, 4, 1)), timezone.make_aware(datetime.datetime(2025, 5, 15)),
        description="面向全省公共就业服务机构和高校职业指导人员，分市级初赛（线上知识赛）和省级决赛（情景模拟）。",
    )
    public = Track.objects.create(competition=competition, name="公共就业服务赛道", sort_order=0)
    campus = Track.objects.create(competition=competition, name="高校就业指导赛道", sort_order=1)
    prelim = Round.objects.create(
        competition=competition, name="市级初赛（线上知识赛）", sequence=1, format=Round.Format.KNOWLEDGE,
        per_city=True, tie_break=Round.TieBreak.FASTER, advance=Round.Advance.TOP_N, advance_count=2,
        credit_hours=Decimal("4"),
        opens_at=timezone.make_aware(datetime.datetime(2025, 6, 10, 9)),
        closes_at=timezone.make_aware(datetime.datetime(2025, 6, 10, 11)),
    )
    final = Round.objects.create(
        competition=competition, name="省级决赛（情景模拟）", sequence=2, format=Round.Format.PERFORMANCE,
        performance=Round.Performance.SIMULATION, rubric=rubrics()["skills"], panel_size=3,
        tie_break=Round.TieBreak.TOP_CRITERION, first_prizes=1, second_prizes=2, third_prizes=2, merit_prizes=1,
        credit_hours=Decimal("8"),
        opens_at=timezone.make_aware(datetime.datetime(2025, 9, 20, 9)),
        closes_at=timezone.make_aware(datetime.datetime(2025, 9, 20, 17)),
    )
    others = (User.objects.filter(email__startswith="counselor", email__endswith="@demo.example")
              .exclude(email="counselor@demo.example").order_by("email")[:11])
    entrants = [_user("counselor@demo.example"), *others]
    scores = [92, 95, 88, 81, 90, 77, 86, 84, 70, 93, 79, 83]
    for index, (entrant, score) in enumerate(zip(entrants, scores, strict=True)):
        track = campus if entrant.organization.kind == Organization.Kind.UNIVERSITY else public
        _entry(competition, prelim, entrant=entrant, organization=entrant.organization, title=entrant.real_name,
               registered_by=entrant, track=track, score=Decimal(score), seconds=1500 + index * 37)
    ranking.rank_round(prelim, admin)
    _publish(prelim, admin)
    assign_round_panels(final, admin)
    finals = list(RoundEntry.objects.filter(round=final).select_related("entry__entrant").order_by("pk"))
    panels = panels_for([row.pk for row in finals])
    # counselor@demo.example takes a second prize: 88 behind the winner's 94
    totals = {"counselor@demo.example": 88}
    fallback = iter([94, 86, 91, 79, 83, 75, 72, 81, 68])
    for row in finals:
        total = totals.get(row.entry.entrant.email) or next(fallback)
        for offset, seat in zip((0, 2, -2), panels[row.pk].seats.live().select_related("expert__user", "panel__rubric")
                                .order_by("pk"), strict=False):
            _score(seat, total + offset)
    ranking.rank_round(final, admin)
    _publish(final, admin)


def gold_course_2026(admin):
    """The open gold-course competition: two courses entered by their teams."""
    if Competition.objects.filter(title=GOLD_2026).exists():
        return
    province = Organization.objects.get(code="shandong")
    now = _now()
    competition = _competition(
        GOLD_2026, Competition.Kind.GOLD_COURSE, 2026, province, Competition.Status.REGISTRATION,
        now - datetime.timedelta(days=10), now + datetime.timedelta(days=30),
        description="征集平台上已发布的优质职业指导课程，提交教学视频或教案，由专家评审产生“职业指导金课”候选。",
    )
    Round.objects.create(
        competition=competition, name="作品评审", sequence=1, format=Round.Format.SUBMISSION,
        rubric=Rubric.objects.get(name="职业技能考核评分表"), panel_size=3, drop_extremes=True,
        first_prizes=1, second_prizes=2, third_prizes=3, credit_hours=Decimal("6"),
    )
    courses = list(CoursePage.objects.live().order_by("path")[:2])
    presenters = [_user("trainer@demo.example"), _user("counselor01@demo.example")]
    for course, presenter in zip(courses, presenters, strict=False):
        if not CourseTrainer.objects.filter(course=course, user=presenter).exists():
            CourseTrainer.objects.create(course=course, user=presenter)
            sync_course_team(course)
        registration.register_course(
            presenter, competition.pk, course_id=course.pk,
            video_url=f"https://video.example.cn/golden-course/{course.pk}",
        )


def students_2026(admin):
    """The students' competition under way: city preliminaries judged by panels, in every panel state."""
    if Competition.objects.filter(title=STUDENTS_2026).exists():
        return
    province = Organization.objects.get(code="shandong")
    now = _now()
    competition = _competition(
        STUDENTS_2026, Competition.Kind.STUDENTS, 2026, province, Competition.Status.RUNNING,
        now - datetime.timedelta(days=60), now - datetime.timedelta(days=20), max_team_size=3, allow_advisers=True,
        organization_kinds=[Organization.Kind.UNIVERSITY, Organization.Kind.TECHNICAL_SCHOOL],
        description="面向全省高校在校生，以团队形式提交职业生涯规划书，经市级初赛评审后进入省级决赛（主题演讲）。",
    )
    rubric = _student_rubric()
    prelim = Round.objects.create(
        competition=competition, name="市级初赛（作品评审）", sequence=1, format=Round.Format.SUBMISSION, per_city=True,
        rubric=rubric, panel_size=2, advance=Round.Advance.TOP_SHARE, advance_share=50, status=Round.Status.OPEN,
    )
    Round.objects.create(
        competition=competition, name="省级决赛（主题演讲）", sequence=2, format=Round.Format.PERFORMANCE,
        performance=Round.Performance.SPEECH, rubric=rubric, panel_size=3, drop_extremes=True,
        first_prizes=1, second_prizes=1, third_prizes=1,
    )
    organizations = {org.code: org for org in Organization.objects.filter(code__in={t[0] for t in TEAMS})}
    for code, team_name, members in TEAMS:
        organization = organizations[code]
        adviser = User.objects.filter(organization=organization, email__startswith="counselor").order_by("pk").first()
        row = _entry(competition, prelim, organization=organization, title=team_name,
                     registered_by=adviser or admin)
        for order, (name, major, year) in enumerate(members):
            TeamMember.objects.create(entry=row.entry, name=name, major=major, year_of_study=year, sort_order=order)
        material = EntryMaterial(entry=row.entry, original_name=f"{team_name}职业生涯规划书.pdf", size=len(PLAN_PDF),
                                 content_type="application/pdf")
        material.file.save("plan.pdf", ContentFile(PLAN_PDF), save=False)
        material.save()
    assign_round_panels(prelim, admin)
    rows = list(RoundEntry.objects.filter(round=prelim).order_by("pk"))
    panels = panels_for([row.pk for row in rows])
    waiting = _user("expert@demo.example")
    divergent_done = False
    for index, row in enumerate(rows):
        seats = list(panels[row.pk].seats.live().select_related("expert__user", "panel__rubric").order_by("pk"))
        if any(seat.expert.user_id == waiting.pk for seat in seats) or index == len(rows) - 1:
            for seat in seats[:-1]:  # one expert has not scored yet (expert@demo.example when drawn)
                if seat.expert.user_id != waiting.pk:
                    _score(seat, 84)
            continue
        if not divergent_done:
            _score(seats[0], 92)
            _score(seats[1], 61)  # 31 points apart: the panel waits for the chair
            divergent_done = True
            continue
        for seat in seats:
            _score(seat, 70 + index * 3)


def skills_2026(admin):
    """A knowledge final in publicity, with an objection waiting for the organizer."""
    if Competition.objects.filter(title=SKILLS_2026).exists():
        return
    province = Organization.objects.get(code="shandong")
    now = _now()
    competition = _competition(
        SKILLS_2026, Competition.Kind.SKILLS, 2026, province, Competition.Status.RUNNING,
        now - datetime.timedelta(days=90), now - datetime.timedelta(days=45),
        description="全省职业指导人员政策法规与专业知识线上竞赛，限时作答，按成绩和用时排名。",
    )
    final = Round.objects.create(
        competition=competition, name="全省线上知识赛", sequence=1, format=Round.Format.KNOWLEDGE,
        tie_break=Round.TieBreak.FASTER, first_prizes=1, second_prizes=2, third_prizes=3, credit_hours=Decimal("4"),
        opens_at=now - datetime.timedelta(days=20), closes_at=now - datetime.timedelta(days=20, hours=-2),
    )
    entrants = list(User.objects.filter(email__startswith="counselor", email__endswith="@demo.example")
                    .exclude(email="counselor@demo.example").order_by("-email")[:8])
    for index, entrant in enumerate(entrants):
        _entry(competition, final, entrant=entrant, organization=entrant.organization, title=entrant.real_name,
               registered_by=entrant, score=Decimal(96 - index * 3 - (index % 2)), seconds=1200 + index * 45)
    ranking.rank_round(final, admin)
    results.open_round_publicity(final, days=7, actor=admin,
                                 starts_on=timezone.localdate() - datetime.timedelta(days=2))
    publicity = Publicity.objects.for_subject(final).get()
    file_objection(publicity.pk, user=entrants[-1], text="本人答题时网络中断，系统记录的用时偏长，申请核查。")


def load() -> None:
    admin = _user("province@demo.example")
    skills_2025(admin)
    gold_course_2026(admin)
    students_2026(admin)
    skills_2026(admin)
