"""The demo data set: the province, three cities and their institutions, one login per role, ~30 counselors.

Idempotent: every row is looked up by its natural key (organization code, e-mail) before it is created, so
running it again changes nothing. Built on the test factories.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from cpd.models import CPDPeriod, CreditEntry
from cpd.services import record_credit
from home import (
    demo_awards,
    demo_certification,
    demo_chiefs,
    demo_competitions,
    demo_courses,
    demo_evaluations,
    demo_experts,
    demo_library,
    demo_practice,
    demo_quizzes,
    demo_studios,
    demo_workshops,
)
from people.models import Organization, Role, User
from standards.models import Level, Topic
from tests.factories import DEMO_PASSWORD, LevelRecordFactory, OrganizationFactory, UserFactory, city, province

K = Organization.Kind

CITIES = {
    ("济南市", "jinan"): [
        ("济南市公共就业和人才服务中心", "jinan-hrss", K.EMPLOYMENT_AGENCY, None),
        ("山东大学", "sdu", K.UNIVERSITY, 15800),
        ("济南职业学院", "jnvc", K.TECHNICAL_SCHOOL, None),
        ("山东鲁才人力资源服务有限公司", "lucai-hr", K.HR_FIRM, None),
    ],
    ("青岛市", "qingdao"): [
        ("青岛市公共就业和人才服务中心", "qingdao-hrss", K.EMPLOYMENT_AGENCY, None),
        ("中国海洋大学", "ouc", K.UNIVERSITY, 7600),
        ("青岛酒店管理职业技术学院", "qdhvc", K.TECHNICAL_SCHOOL, None),
    ],
    ("烟台市", "yantai"): [
        ("烟台市公共就业和人才服务中心", "yantai-hrss", K.EMPLOYMENT_AGENCY, None),
        ("烟台大学", "ytu", K.UNIVERSITY, 8900),
    ],
}

# (e-mail, name, role, organization code, post) — the logins printed by `make run`.
LOGINS = [
    ("admin@demo.example", "系统管理员", None, "shandong", "平台运维"),
    ("province@demo.example", "王海峰", Role.PROVINCE_ADMIN, "shandong", "省人社厅就业促进处"),
    ("jinan.admin@demo.example", "李秀梅", Role.ORG_ADMIN, "jinan", "济南市就业服务科"),
    ("qingdao.admin@demo.example", "赵志强", Role.ORG_ADMIN, "qingdao", "青岛市就业服务科"),
    ("trainer@demo.example", "陈静", Role.TRAINER, "jinan-hrss", "职业指导培训师"),
    ("expert@demo.example", "孙立军", Role.EXPERT, "sdu", "就业指导中心主任"),
    ("counselor@demo.example", "张晓明", Role.COUNSELOR, "jinan-hrss", "职业指导员"),
]

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐"
GIVEN = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋"]
GIVEN += ["勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "华", "慧"]
POSTS = ["职业指导员", "就业服务专员", "辅导员", "就业指导中心教师", "人力资源顾问", "职业规划师"]
LEVEL_MIX = ["level-5", "level-5", "level-4", "level-4", "level-3", "level-3", "level-2", None]
COUNSELOR_COUNT = 30


def build_organizations() -> dict[str, Organization]:
    root = province()
    organizations = {root.code: root}
    for (city_name, city_code), institutions in CITIES.items():
        node = city(city_name, city_code, parent=root)
        organizations[node.code] = node
        for name, code, kind, graduates in institutions:
            organizations[code] = OrganizationFactory(
                name=name, code=code, kind=kind, graduates_per_year=graduates, parent=node
            )
    return organizations


def build_logins(organizations) -> list[User]:
    users = []
    for email, name, role, code, post in LOGINS:
        user = UserFactory(
            email=email, real_name=name, organization=organizations[code], post=post, roles=[role] if role else []
        )
        if role is None and not user.is_superuser:
            user.is_superuser = user.is_staff = True
            user.save(update_fields=["is_superuser", "is_staff"])
        users.append(user)
    return users


def build_counselors(organizations) -> list[User]:
    rng = random.Random(2026)  # the same demo people every time
    institutions = [org for org in organizations.values() if org.kind not in (K.PROVINCE, K.CITY)]
    levels = {level.code: level for level in Level.objects.all()}
    people = []
    for number in range(1, COUNSELOR_COUNT + 1):
        organization = institutions[(number - 1) % len(institutions)]
        person = UserFactory(
            email=f"counselor{number:02d}@demo.example",
            real_name=rng.choice(SURNAMES) + rng.choice(GIVEN),
            organization=organization,
            post=rng.choice(POSTS),
            employment=User.Employment.FULL_TIME if number % 3 else User.Employment.PART_TIME,
            education=rng.choice(list(User.Education)),
            practising_since=datetime.date(2026 - rng.randint(1, 18), rng.randint(1, 12), 1),
            roles=[Role.COUNSELOR],
        )
        level_code = LEVEL_MIX[number % len(LEVEL_MIX)]
        if level_code:
            obtained_on = datetime.date(2020 + number % 5, 6, 30)
            LevelRecordFactory(holder=person, level=levels[level_code], obtained_on=obtained_on)
        people.append(person)
    demo_counselor = User.objects.get(email="counselor@demo.example")
    LevelRecordFactory(holder=demo_counselor, level=levels["level-4"], obtained_on=datetime.date(2023, 6, 30))
    return people


def build_pending_signups(organizations) -> None:
    for email, name, code in [
        ("applicant1@demo.example", "钱晓雨", "jinan-hrss"),
        ("applicant2@demo.example", "冯思远", "sdu"),
        ("applicant3@demo.example", "韩雪", "ouc"),
    ]:
        person = UserFactory(email=email, real_name=name, organization=organizations[code])
        if person.approval_status != User.ApprovalStatus.PENDING and not person.groups.exists():
            person.approval_status = User.ApprovalStatus.PENDING
            person.save(update_fields=["approval_status"])


# (title, 学时, category, kind, topic code) — external and adjustment credit that exists before courses do.
CREDITS = [
    ("山东省职业指导人员能力提升研修班", 24, CreditEntry.Category.PROFESSIONAL, CreditEntry.Kind.EXTERNAL, "COUNSEL"),
    ("就业政策解读专题讲座", 8, CreditEntry.Category.PROFESSIONAL, CreditEntry.Kind.EXTERNAL, "POLICY"),
    ("大学生职业生涯规划工作坊", 16, CreditEntry.Category.PROFESSIONAL, CreditEntry.Kind.WORKSHOP, "PLAN"),
    ("职业道德与法治教育（公需科目）", 12, CreditEntry.Category.PUBLIC, CreditEntry.Kind.EXTERNAL, "ETHICS"),
    ("企业招聘现场观摩", 8, CreditEntry.Category.PROFESSIONAL, CreditEntry.Kind.PRACTICUM, "RECRUIT"),
]


def build_credits() -> None:
    """Part of a year's CPD for the demo counselor and the first ten counselors (idempotent by source)."""
    topics = {topic.code: topic for topic in Topic.objects.all()}
    this_year = timezone.localdate().year
    CPDPeriod.current(today=datetime.date(this_year - 1, 6, 30))  # last year's entries fill "earlier periods"
    people = [User.objects.get(email="counselor@demo.example")]
    people += list(User.objects.filter(email__startswith="counselor0").order_by("email"))
    for index, person in enumerate(people):
        for number, (title, hours, category, kind, topic) in enumerate(CREDITS[: 2 + index % 4]):
            for year in (this_year - 1, this_year):
                record_credit(
                    person,
                    hours=hours,
                    category=category,
                    kind=kind,
                    source_ref=f"demo:{year}:{number}",
                    title=title,
                    occurred_on=min(datetime.date(year, 3 + number, 10), timezone.localdate()),
                    topic=topics[topic],
                )


@transaction.atomic
def load() -> list[tuple[str, str, str]]:
    """Create the demo data (idempotently) and return (role, e-mail, password) for each login."""
    organizations = build_organizations()
    build_logins(organizations)
    build_counselors(organizations)
    build_pending_signups(organizations)
    build_credits()
    demo_courses.load()
    demo_quizzes.load()
    demo_library.load()
    demo_workshops.load()
    demo_experts.load()
    demo_chiefs.load(demo_experts.rubrics()["chief"])
    demo_certification.load(demo_experts.rubrics())
    demo_studios.load()
    demo_evaluations.load()
    demo_practice.load()
    demo_awards.load()
    demo_competitions.load()
    return [
        (str(role.label) if role else "超级管理员 / Superuser", email, DEMO_PASSWORD) for email, _, role, _, _ in LOGINS
    ]
