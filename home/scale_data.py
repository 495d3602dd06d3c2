"""The provincial-scale data generator behind `manage.py load_scale_data` (benchmarks and report tests use it).

The rule: everything it makes carries the scale tag, so `remove()` deletes exactly that and never demo data:
organizations whose code starts with `scale-`, people whose e-mail ends in `@scale.example.com`, and the pages under
the `scale-courses` and `scale-workshops` index pages (rows that point at them go first). Pages are created with
Wagtail's tree API (`add_child`), so the tree stays valid; the rows of what people did are written with
`bulk_create` in batches. The same seed gives the same data; the dates count back from `today`.
"""

import datetime
import random
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from courses.models import CourseIndexPage, CourseItemProgress, CoursePage, CourseTrainer, Enrollment, LessonPage
from cpd.models import CreditEntry
from home.models import HomePage
from people.models import Organization, Role, User
from quizzes.models import Attempt, QuizPage
from standards.models import Level, Topic
from workshops.models import Registration, WorkshopIndexPage, WorkshopPage, WorkshopSession

TAG = "scale-"
EMAIL_DOMAIN = "@scale.example.com"
PASSWORD = "Demo-Pass-2026"  # noqa: S105 - the documented demo password, for benchmark logins
BATCH = 5000
CITIES = ["济南市", "青岛市", "淄博市", "枣庄市", "东营市", "烟台市", "潍坊市", "济宁市", "泰安市", "威海市", "日照市",
          "临沂市", "德州市", "聊城市", "滨州市", "菏泽市"]
KINDS = [Organization.Kind.EMPLOYMENT_AGENCY, Organization.Kind.UNIVERSITY, Organization.Kind.TECHNICAL_SCHOOL,
         Organization.Kind.HR_FIRM]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰"
DEFAULTS = {"counselors": 10_000, "institutions": 300, "courses": 200, "lessons": 9, "enrollments": 100_000,
            "progress": 1_000_000, "ledger": 300_000, "registrations": 20_000, "attempts": 50_000}
# Logins for benchmarks: (e-mail, role, city index or None for the province)
ADMINS = [(f"province{EMAIL_DOMAIN}", Role.PROVINCE_ADMIN, None), (f"jinan.admin{EMAIL_DOMAIN}", Role.ORG_ADMIN, 0)]


def _batched(model, objects, batch=BATCH):
    created = []
    for start in range(0, len(objects), batch):
        created.extend(model.objects.bulk_create(objects[start:start + batch]))
    return created


class Generator:
    def __init__(self, seed: int = 1, today: datetime.date | None = None, log=print, **sizes):
        self.rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
        self.today = today or timezone.localdate()
        self.sizes = {**DEFAULTS, **{key: value for key, value in sizes.items() if value is not None}}
        self.log = log

    def moment(self, days_back_max: int) -> datetime.datetime:
        day = self.today - datetime.timedelta(days=self.rng.randrange(days_back_max))
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(8)) + datetime.timedelta(
            minutes=self.rng.randrange(12 * 60)))

    def run(self) -> dict:
        if Organization.objects.filter(code__startswith=TAG).exists() or User.objects.filter(
                email__endswith=EMAIL_DOMAIN).exists():
            raise ValueError("Scale data is already loaded; remove it first (--remove).")
        with transaction.atomic():
            self.organizations()
            self.people()
            self.courses()
        with transaction.atomic():
            self.enrollments()
            self.ledger()
            self.workshops()
            self.attempts()
        return self.counts()

    # --- organizations and people ----------------------------------------------------------------------------------

    def organizations(self):
        root = Organization.get_first_root_node()
        if root is None:
            root = Organization.add_root(name="山东省", code=f"{TAG}shandong", kind=Organization.Kind.PROVINCE)
        self.province = root
        self.cities = []
        for number, name in enumerate(CITIES):
            city = Organization.objects.filter(name=name, kind=Organization.Kind.CITY).first()
            if city is None:
                city = root.add_child(name=name, code=f"{TAG}city-{number:02d}", kind=Organization.Kind.CITY)
                root.refresh_from_db()
            self.cities.append(city)
        self.institutions = []
        for number in range(self.sizes["institutions"]):
            city = self.cities[number % len(self.cities)]
            kind = KINDS[number % len(KINDS)]
            label = {KINDS[0]: "就业服务中心", KINDS[1]: "大学", KINDS[2]: "技师学院", KINDS[3]: "人力资源公司"}[kind]
            city.refresh_from_db()
            self.institutions.append(city.add_child(
                name=f"{city.name[:-1]}第{number // len(self.cities) + 1}{label}", code=f"{TAG}org-{number:04d}",
                kind=kind, graduates_per_year=self.rng.randrange(1000, 20000) if kind == KINDS[1] else None,
            ))
        self.log(f"organizations: {len(self.cities)} cities, {len(self.institutions)} institutions")

    def people(self):
        password = make_password(PASSWORD)
        groups = {role: Group.objects.get_or_create(name=role.value)[0] for role in Role}
        through = User.groups.through
        counselors = []
        for number in range(self.sizes["counselors"]):
            name = self.rng.choice(SURNAMES) + self.rng.choice(GIVEN) + self.rng.choice(["", *GIVEN])
            counselors.append(User(
                email=f"c{number:06d}{EMAIL_DOMAIN}", real_name=name, password="!",  # noqa: S106 - unusable
                organization=self.institutions[number % len(self.institutions)],
                employment=self.rng.choice([User.Employment.FULL_TIME, User.Employment.PART_TIME]),
                practising_since=self.today - datetime.timedelta(days=self.rng.randrange(365, 365 * 20)),
            ))
        self.counselors = _batched(User, counselors)
        trainers = [User(email=f"t{number:03d}{EMAIL_DOMAIN}", real_name=f"培训师{number:03d}", password=password,
                         organization=self.institutions[number % len(self.institutions)], is_staff=False)
                    for number in range(max(1, self.sizes["courses"] // 4))]
        self.trainers = _batched(User, trainers)
        admins = [User(email=email, real_name=role.label, password=password,
                       organization=self.province if city is None else self.cities[city])
                  for email, role, city in ADMINS]
        admins = _batched(User, admins)
        links = [through(user_id=user.pk, group_id=groups[Role.COUNSELOR].pk) for user in self.counselors]
        links += [through(user_id=user.pk, group_id=groups[Role.TRAINER].pk) for user in self.trainers]
        links += [through(user_id=user.pk, group_id=groups[role].pk)
                  for user, (_email, role, _city) in zip(admins, ADMINS, strict=True)]
        _batched(through, links)
        self.log(f"people: {len(self.counselors)} counselors, {len(self.trainers)} trainers, {len(admins)} admins")

    # --- pages -----------------------------------------------------------------------------------------------------

    def courses(self):
        home = HomePage.objects.first()
        index = home.add_child(instance=CourseIndexPage(title="规模测试课程", slug=f"{TAG}courses"))
        levels = list(Level.objects.order_by("rank"))
        topics = list(Topic.objects.all())
        self.course_items = {}
        self.courses_made = []
        for number in range(self.sizes["courses"]):
            topic = topics[number % len(topics)] if topics else None
            course = index.add_child(instance=CoursePage(
                title=f"{topic.name_zh if topic else '职业指导'}专题 {number + 1:03d}", slug=f"course-{number:03d}",
                level=levels[number % len(levels)], hours=Decimal(self.rng.choice([4, 6, 8, 12])),
                summary="规模测试用课程。",
            ))
            items = []
            for lesson in range(self.sizes["lessons"]):
                lesson_page = LessonPage(title=f"第{lesson + 1}讲", slug=f"lesson-{lesson + 1}")
                items.append(course.add_child(instance=lesson_page))
            items.append(course.add_child(instance=QuizPage(title="课程测验", slug="quiz", pass_mark=60)))
            self.course_items[course.pk] = items
            self.courses_made.append(course)
        CourseTrainer.objects.bulk_create([
            CourseTrainer(course=course, user=self.trainers[number % len(self.trainers)], sort_order=0)
            for number, course in enumerate(self.courses_made)
        ])
        windex = home.add_child(instance=WorkshopIndexPage(title="规模测试活动", slug=f"{TAG}workshops"))
        self.sessions = []
        for number in range(max(1, self.sizes["registrations"] // 500)):
            page = windex.add_child(instance=WorkshopPage(
                title=f"职业指导工作坊 {number + 1:03d}", slug=f"workshop-{number:03d}", hours=Decimal(8),
                organization=self.cities[number % len(self.cities)],
            ))
            for session in range(5):
                starts = self.moment(365)
                self.sessions.append(WorkshopSession.objects.create(
                    page=page, starts_at=starts, ends_at=starts + datetime.timedelta(hours=3), capacity=100,
                    sort_order=session,
                ))
        self.log(f"pages: {len(self.courses_made)} courses with {self.sizes['lessons']} lessons and a quiz each,"
                 f" {len(self.sessions)} workshop sessions")

    # --- what people did ------------------------------------------------------------------------------------------

    def enrollments(self):
        per_person = max(1, round(self.sizes["enrollments"] / len(self.counselors)))
        course_count = len(self.courses_made)
        wanted = self.sizes["enrollments"]
        rows = []
        for person in self.counselors:
            for course in self.rng.sample(self.courses_made, min(per_person, course_count)):
                if len(rows) >= wanted:
                    break
                rows.append(Enrollment(user=person, course=course, course_title=course.title, hours=course.hours,
                                       status=Enrollment.Status.ACTIVE, created_at=self.moment(540)))
        items_per = len(next(iter(self.course_items.values())))
        opened_mean = min(items_per, self.sizes["progress"] / max(1, len(rows)))
        plans = []
        for row in rows:
            opened = min(items_per, max(0, round(self.rng.gauss(opened_mean, 1))))
            if opened_mean >= items_per:
                opened = items_per
            done = self.rng.randrange(opened + 1)
            if self.rng.random() < 0.3:
                done = opened
            plans.append((opened, done))
            row.progress = round(100 * done / items_per)
            if done == items_per:
                row.status, row.completed_at, row.progress = Enrollment.Status.COMPLETED, row.created_at, 100
            elif self.rng.random() < 0.03 and opened == 0:
                row.status = Enrollment.Status.PENDING
            row.last_activity_at = row.created_at if opened else None
        self.enrollments_made = _batched(Enrollment, rows)
        progress, budget = [], self.sizes["progress"]
        for enrollment, (opened, done) in zip(self.enrollments_made, plans, strict=True):
            for position, page in enumerate(self.course_items[enrollment.course_id][:opened]):
                if budget <= 0:
                    break
                budget -= 1
                progress.append(CourseItemProgress(
                    enrollment_id=enrollment.pk, page_id=page.pk, opened_at=enrollment.created_at,
                    completed_at=enrollment.created_at + datetime.timedelta(days=1) if position < done else None))
            if len(progress) >= 50_000:
                _batched(CourseItemProgress, progress)
                progress = []
        _batched(CourseItemProgress, progress)
        self.log(f"enrollments: {len(self.enrollments_made)}, progress rows: {self.sizes['progress'] - budget}")

    def ledger(self):
        entries = []
        completed = [row for row in self.enrollments_made if row.status == Enrollment.Status.COMPLETED]
        for row in completed[: self.sizes["ledger"]]:
            entries.append(CreditEntry(
                counselor_id=row.user_id, hours=row.hours, category=CreditEntry.Category.PROFESSIONAL,
                kind=CreditEntry.Kind.COURSE, source_ref=row.source_ref, title=row.course_title,
                occurred_on=timezone.localdate(row.created_at), created_at=row.created_at))
        number = 0
        while len(entries) < self.sizes["ledger"] * 99 // 100:
            person = self.counselors[self.rng.randrange(len(self.counselors))]
            when = self.moment(720)
            entries.append(CreditEntry(
                counselor_id=person.pk, hours=Decimal(self.rng.choice([2, 4, 8, 16])),
                category=self.rng.choice(CreditEntry.Category.values), kind=CreditEntry.Kind.EXTERNAL,
                source_ref=f"{TAG}external:{number}", title="外部培训", occurred_on=timezone.localdate(when),
                created_at=when))
            number += 1
        originals = _batched(CreditEntry, entries)
        reversals = [
            CreditEntry(counselor_id=entry.counselor_id, hours=-entry.hours, category=entry.category, kind=entry.kind,
                        source_ref=f"{entry.source_ref}:reversal", title=entry.title, occurred_on=entry.occurred_on,
                        reverses_id=entry.pk, reason="规模测试冲正", created_at=entry.created_at)
            for entry in self.rng.sample(originals, min(len(originals), self.sizes["ledger"] - len(originals)))
        ]
        _batched(CreditEntry, reversals)
        self.log(f"ledger entries: {len(originals) + len(reversals)} ({len(reversals)} reversals)")

    def workshops(self):
        rows = []
        per_session = max(1, self.sizes["registrations"] // len(self.sessions))
        for session in self.sessions:
            for person in self.rng.sample(self.counselors, min(per_session, len(self.counselors))):
                if len(rows) >= self.sizes["registrations"]:
                    break
                attended = self.rng.random() < 0.8
                rows.append(Registration(
                    session=session, user=person, status=Registration.Status.BOOKED, title=session.page.title,
                    attendance=Registration.Attendance.ATTENDED if attended else Registration.Attendance.NO_SHOW,
                    created_at=session.starts_at - datetime.timedelta(days=7)))
        _batched(Registration, rows)
        self.log(f"workshop registrations: {len(rows)}")

    def attempts(self):
        quiz_of = {course_id: items[-1] for course_id, items in self.course_items.items()}
        rows = []
        candidates = [row for row in self.enrollments_made if row.status != Enrollment.Status.PENDING]
        for enrollment in self.rng.sample(candidates, min(len(candidates), self.sizes["attempts"])):
            quiz = quiz_of[enrollment.course_id]
            percent = Decimal(self.rng.randrange(20, 101))
            started = enrollment.created_at + datetime.timedelta(days=2)
            rows.append(Attempt(
                quiz=quiz, user_id=enrollment.user_id, enrollment=enrollment, number=1, status=Attempt.Status.GRADED,
                quiz_title=quiz.title, started_at=started, submitted_at=started + datetime.timedelta(minutes=20),
                graded_at=started + datetime.timedelta(minutes=20), finished_by=Attempt.FinishedBy.LEARNER,
                score=percent, max_score=Decimal(100), percent=percent))
        _batched(Attempt, rows)
        self.log(f"quiz attempts: {len(rows)}")

    @staticmethod
    def counts() -> dict:
        people = User.objects.filter(email__endswith=EMAIL_DOMAIN)
        return {
            "organizations": Organization.objects.filter(code__startswith=TAG).count(),
            "people": people.count(),
            "enrollments": Enrollment.objects.filter(user__in=people).count(),
            "progress": CourseItemProgress.objects.filter(enrollment__user__in=people).count(),
            "ledger": CreditEntry.objects.filter(counselor__in=people).count(),
            "registrations": Registration.objects.filter(user__in=people).count(),
            "attempts": Attempt.objects.filter(user__in=people).count(),
        }


def remove(log=print) -> dict:
    """Delete everything the generator made (see the module docstring) and nothing else."""
    from wagtail.models import Page

    counts = Generator.counts()
    people = User.objects.filter(email__endswith=EMAIL_DOMAIN)
    roots = list(Page.objects.filter(slug__in=[f"{TAG}courses", f"{TAG}workshops"]))
    with transaction.atomic():
        pages = Page.objects.none()
        for root in roots:
            pages |= Page.objects.descendant_of(root, inclusive=True)
        page_ids = pages.values("pk")
        Attempt.objects.filter(user__in=people)._raw_delete(Attempt.objects.db)
        Attempt.objects.filter(quiz__in=page_ids).delete()
        CourseItemProgress.objects.filter(enrollment__user__in=people)._raw_delete(CourseItemProgress.objects.db)
        Enrollment.objects.filter(user__in=people).delete()
        Registration.objects.filter(user__in=people).delete()
        # The ledger refuses deletes through the model; scale rows are test data: raw SQL, reversals first.
        CreditEntry.objects.filter(counselor__in=people, reverses__isnull=False)._raw_delete(CreditEntry.objects.db)
        CreditEntry.objects.filter(counselor__in=people)._raw_delete(CreditEntry.objects.db)
        CourseTrainer.objects.filter(user__in=people).delete()
        for root in roots:
            root.refresh_from_db()
            root.delete()
        User.groups.through.objects.filter(user__in=people).delete()
        people.delete()
        for organization in Organization.objects.filter(code__startswith=TAG).order_by("-depth"):
            organization.refresh_from_db()
            organization.delete()
    log(f"removed: {counts}")
    return counts
