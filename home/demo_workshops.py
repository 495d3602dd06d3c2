"""Demo workshops: an events section with upcoming and past events of every kind in 济南, 青岛 and 烟台, sign-ups of
the demo counselors (one session full with a waitlist, one awaiting approval), and attendance with credit for a
past event. Idempotent: events are looked up by slug; nothing is added to an event that exists."""

import datetime
from decimal import Decimal

from django.utils import timezone

from home.models import HomePage
from people.models import Organization, User
from standards.audiences import Audience
from standards.models import Level, Topic
from workshops.models import Feedback, Registration, WorkshopIndexPage, WorkshopPage, WorkshopSession
from workshops.services import record_attendance_credit

K = WorkshopPage.Kind
# slug, title, kind, organizer code, days from today (first session), sessions, seats, level, topics, extra fields
EVENTS = [
    ("counselling-basics-workshop", "初次职业咨询技术工作坊", K.WORKSHOP, "jinan-hrss", 6, 1, 5, None,
     ["COUNSEL"], {"summary": "从建立关系到澄清问题：初次咨询的五个步骤与现场演练。"}),
    ("career-planning-seminar", "大学生职业生涯规划研讨会", K.SEMINAR, "sdu", 12, 1, 40, None, ["PLAN"],
     {"audience": Audience.UNIVERSITY, "summary": "交流生涯规划课程与个体辅导的经验。"}),
    ("qingdao-training-camp", "职业指导师进阶训练营（四级）", K.TRAINING_CAMP, "qingdao-hrss", 20, 3, 30, "level-5",
     ["ASSESS", "COUNSEL"], {"hours": Decimal("24.0"), "hours_basis": WorkshopPage.HoursBasis.EVENT,
                             "requires_approval": True, "summary": "三天集中训练：测评工具、个案咨询与督导。"}),
    ("employment-policy-lecture", "就业创业政策解读专家讲座", K.EXPERT_LECTURE, "jinan", 9, 1, 80, None, ["POLICY"],
     {"delivery": WorkshopPage.Delivery.ONLINE, "experts": "刘建华 研究员（省人社厅就业促进处）",
      "hours": Decimal("2.0")}),
    ("enterprise-visit-yantai", "走进企业：招聘现场场景式实践", K.PRACTICUM, "yantai-hrss", 15, 1, 20, None,
     ["RECRUIT", "JOBSKILL"], {"summary": "走访烟台制造企业，观摩招聘面试并开展岗位分析。", "hours": Decimal("8.0")}),
    ("studio-exchange-qingdao", "职业指导工作室经验交流会", K.EXCHANGE, "qingdao", 25, 1, 50, None, ["COUNSEL"],
     {"summary": "金牌工作室负责人分享个案督导与团队建设。"}),
    ("special-groups-workshop-past", "特殊群体就业援助工作坊", K.WORKSHOP, "jinan-hrss", -14, 1, 12, None,
     ["ASSIST", "SPECIAL"], {"summary": "面向残疾人、长期失业人员的援助方法与案例。"}),
    ("psych-adjustment-seminar-past", "求职心理调适研讨会", K.SEMINAR, "qingdao-hrss", -30, 1, 30, None, ["PSYCH"],
     {}),
    ("startup-coaching-practicum-past", "创业指导场景式实践（孵化基地）", K.PRACTICUM, "yantai", -45, 1, 15, None,
     ["STARTUP"], {}),
]

COMMENTS = ["案例贴近一线工作，很实用。", "分组演练时间可以再长一些。", "希望提供课件下载。"]


def _index() -> WorkshopIndexPage:
    index = WorkshopIndexPage.objects.first()
    if index is None:
        index = HomePage.objects.first().add_child(
            instance=WorkshopIndexPage(
                title="培训活动", slug="workshops",
                intro="<p>工作坊、研讨会、训练营、专家讲座、场景式实践与交流活动，在线报名，按场次签到计学时。</p>",
            )
        )
    return index


def _register(session, people, status_for) -> list[Registration]:
    registrations = []
    for number, person in enumerate(people):
        registrations.append(Registration.objects.create(
            session=session, user=person, status=status_for(number), title=session.page.title,
            created_at=timezone.now() - datetime.timedelta(days=3, minutes=-number),
        ))
    return registrations


def load() -> None:
    index = _index()
    trainer = User.objects.get(email="trainer@demo.example")
    counselors = list(User.objects.filter(email__startswith="counselor").order_by("email"))
    organizations = {org.code: org for org in Organization.objects.all()}
    now = timezone.localtime()
    for number, (slug, title, kind, org, days, sessions, seats, level, topics, extra) in enumerate(EVENTS):
        if WorkshopPage.objects.filter(slug=slug).exists():
            continue
        page = index.add_child(instance=WorkshopPage(
            title=title, slug=slug, kind=kind, organization=organizations[org], owner=trainer,
            level=Level.objects.filter(code=level).first(),
            description="<p>活动安排：专题讲授、案例研讨、分组演练与现场答疑。请提前十分钟到场签到。</p>",
            **extra,
        ))
        page.topics.set(Topic.objects.filter(code__in=topics))
        page.trainers.set([trainer])
        page.save()
        start = (now + datetime.timedelta(days=days)).replace(hour=9, minute=0, second=0, microsecond=0)
        created = [
            WorkshopSession.objects.create(
                page=page, starts_at=start + datetime.timedelta(days=i), ends_at=start + datetime.timedelta(days=i,
                                                                                                          hours=7),
                venue=f"{organizations[org].name}培训室", address="详见报名确认邮件",
                online_url="https://meeting.example.cn/lms" if page.delivery != WorkshopPage.Delivery.OFFLINE else "",
                capacity=seats, cancellation_deadline=start - datetime.timedelta(days=1),
            )
            for i in range(sessions)
        ]
        page.save_revision(user=trainer, log_action=False)
        first = created[0]
        crowd = counselors[number % 5: number % 5 + 8]
        if slug == "counselling-basics-workshop":  # full, three waiting
            _register(first, crowd, lambda n: Registration.Status.BOOKED if n < 5 else Registration.Status.WAITLISTED)
        elif page.requires_approval:
            _register(first, crowd[:4], lambda n: Registration.Status.PENDING if n < 2 else Registration.Status.BOOKED)
        elif days < 0:
            registrations = _register(first, crowd, lambda n: Registration.Status.BOOKED)
            for n, registration in enumerate(registrations):
                registration.attendance = ["attended", "attended", "attended", "partial", "no_show"][n % 5]
                registration.checked_in_at = first.starts_at + datetime.timedelta(minutes=n) if n % 5 != 4 else None
                registration.save(update_fields=["attendance", "checked_in_at"])
                if n < 3:
                    Feedback.objects.create(registration=registration, rating=5 - n % 2, comment=COMMENTS[n])
            if slug == "special-groups-workshop-past":
                record_attendance_credit(first.pk, trainer)
        else:
            _register(first, crowd[:3], lambda n: Registration.Status.BOOKED)
