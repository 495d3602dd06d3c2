"""Demo awards (评优): the closed 2021–2025 cycle with its published roll (gold studios, gold courses and stars with
their certificates and showcase features) and the 2026–2030 cycle part way through nominations: allocations per
city, drafts, submitted nominations, one withdrawn, one returned with its reason, a gold course under review whose
panel waits for expert@demo.example, a star in publicity (公示) with an objection, one refused and one recommended.
jinan.admin@demo.example and qingdao.admin@demo.example both have nominations. Idempotent: each cycle is built once.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from awards import services
from awards.models import AwardType, Cycle, Nomination, Quota
from courses.models import CoursePage
from experts.models import PanelSeat, Publicity
from experts.services import file_objection, submit_score
from people.models import Organization, User
from studios.models import Studio, StudioMembership

# (name, organization code, lead e-mail, members' e-mails, rating, score, rated on)
STUDIOS = [
    ("泉城就业指导工作室", "jinan-hrss", "counselor01@demo.example", ["counselor10@demo.example"], "excellent", "93.5",
     datetime.date(2025, 10, 20)),
    ("海大生涯发展工作室", "ouc", "counselor06@demo.example", ["counselor15@demo.example"], "excellent", "91.0",
     datetime.date(2025, 9, 12)),
    ("岛城就业援助工作站", "qingdao-hrss", "counselor05@demo.example", ["counselor14@demo.example"], "good", "86.0",
     datetime.date(2025, 11, 5)),
    ("烟大生涯规划工作室", "ytu", "counselor09@demo.example", [], "excellent", "94.0", datetime.date(2024, 6, 18)),
    ("济职院就业指导工作室", "jnvc", "counselor03@demo.example", ["counselor12@demo.example"], "good", "88.5",
     datetime.date(2024, 5, 30)),
]
STATEMENTS = {
    "star": "扎根基层职业指导一线十余年，年均服务求职者两千余人次，典型案例入选省级案例库。",
    "gold-studio": "服务制度健全、特色品牌鲜明，近三年开展团体辅导与专题讲座百余场，示范带动作用突出。",
    "gold-course": "课程目标清晰、案例丰富、互动性强，学员完成率与满意度高，已在多地推广应用。",
}


def _people(*emails) -> list[User]:
    found = {user.email: user for user in User.objects.filter(email__in=emails)}
    return [found[email] for email in emails]


def _studios(organizations) -> dict[str, Studio]:
    studios = {}
    for name, code, lead, members, rating, score, rated_on in STUDIOS:
        organization = organizations[code]
        studio, created = Studio.objects.get_or_create(
            organization=organization, name=name,
            defaults={"city": organization.get_parent(), "lead": _people(lead)[0], "rating": rating,
                      "rating_score": Decimal(score), "rated_on": rated_on,
                      "description": "提供个体咨询、团体辅导、职业测评与就业政策咨询服务。"},
        )
        if created:
            for member in _people(*members):
                StudioMembership.objects.create(studio=studio, member=member, role="骨干成员")
        studios[name] = studio
    return studios


def _course(slug) -> CoursePage:
    return CoursePage.objects.live().get(slug=slug)


def _closed_cycle(province, organizations, studios) -> None:
    """2021–2025: closed, the roll confirmed and published (certificates and showcase features)."""
    cycle = Cycle.objects.create(
        name="2021—2025年度全省职业指导评优", starts_year=2021, ends_year=2025,
        nominations_open_on=datetime.date(2025, 3, 1), nominations_close_on=datetime.date(2025, 5, 31),
        status=Cycle.Status.CLOSED,
    )
    quotas = {quota.award_type.code: quota for quota in services.ensure_quotas(cycle)}
    admins = {"jinan": User.objects.get(email="jinan.admin@demo.example"),
              "qingdao": User.objects.get(email="qingdao.admin@demo.example"),
              "yantai": province}
    roll = [
        ("gold-studio", "yantai", {"studio": studios["烟大生涯规划工作室"]}),
        ("gold-studio", "jinan", {"studio": studios["济职院就业指导工作室"]}),
        ("gold-course", "jinan", {"course": _course("zhiye-zixun-miantan-jishu")}),
        ("gold-course", "qingdao", {"course": _course("daxuesheng-zhiye-shengya-guihua-zhidao")}),
        ("star", "jinan", {"nominee_user": _people("counselor19@demo.example")[0]}),
        ("star", "qingdao", {"nominee_user": _people("counselor23@demo.example")[0]}),
        ("star", "yantai", {"nominee_user": _people("counselor18@demo.example")[0]}),
    ]
    decided = timezone.make_aware(datetime.datetime(2025, 11, 28, 10, 0))
    for code, city, nominee in roll:
        thing = next(iter(nominee.values()))
        title = getattr(thing, "real_name", None) or getattr(thing, "title", None) or thing.name
        Nomination.objects.create(
            cycle=cycle, award_type=quotas[code].award_type, quota=quotas[code], organization=organizations[city],
            nominated_by=admins[city], city=organizations[city], nominee_title=title,
            nominee_organization=getattr(thing, "organization", None), statement=STATEMENTS[code],
            status=Nomination.Status.CONFIRMED, review_score=Decimal("90.00"), submitted_at=decided,
            decided_at=decided, confirmed_by=province, **nominee,
        )
    for code, quota in quotas.items():
        Quota.objects.filter(pk=quota.pk).update(used=sum(1 for entry in roll if entry[0] == code))
    services.publish_roll(cycle.pk, actor=province)


def _score(nomination, value) -> None:
    for seat in PanelSeat.objects.filter(panel__object_id=nomination.pk, panel__purpose="awards.review",
                                         status=PanelSeat.Status.ASSIGNED).select_related("panel__rubric",
                                                                                         "expert__user"):
        criteria = seat.panel.rubric.criteria.all()
        submit_score(seat.pk, user=seat.expert.user, scores={c.pk: Decimal(value) for c in criteria},
                     comment="事迹材料翔实，评分如上。")


def _open_cycle(province, organizations, studios) -> None:
    """2026–2030: taking nominations, with every state of a nomination somewhere."""
    today = timezone.localdate()
    cycle = Cycle.objects.create(
        name="2026—2030年度全省职业指导评优", starts_year=2026, ends_year=2030,
        nominations_open_on=today - datetime.timedelta(days=30),
        nominations_close_on=today + datetime.timedelta(days=60),
        publicity_days=7,
    )
    quotas = {quota.award_type.code: quota for quota in services.ensure_quotas(cycle)}
    types = {award_type.code: award_type for award_type in AwardType.objects.all()}
    for code, seats in (("star", {"jinan": 4, "qingdao": 4, "yantai": 3}),
                        ("gold-studio", {"jinan": 2, "qingdao": 2, "yantai": 1}),
                        ("gold-course", {"jinan": 2, "qingdao": 2, "yantai": 1})):
        for city, count in seats.items():
            services.set_allocation(quotas[code].pk, organization=organizations[city], seats=count, actor=province)
    jinan = User.objects.get(email="jinan.admin@demo.example")
    qingdao = User.objects.get(email="qingdao.admin@demo.example")

    def nominate(admin, code, nominee, submit=True):
        return services.create_nomination(admin, cycle_id=cycle.pk, award_type_id=types[code].pk, nominee=nominee,
                                          statement=STATEMENTS[code], submit=submit)

    counselors = User.objects.filter(email__startswith="counselor", email__endswith="@demo.example")
    c = {user.email.split("@")[0]: user for user in counselors}
    # Jinan: a draft, two submitted (a star and a studio), one withdrawn, and a star that was refused.
    nominate(jinan, "star", c["counselor11"], submit=False)
    nominate(jinan, "star", c["counselor20"])
    nominate(jinan, "gold-studio", studios["泉城就业指导工作室"])
    withdrawn = nominate(jinan, "star", c["counselor21"])
    services.withdraw(withdrawn.pk, actor=jinan, reason="本人调离职业指导岗位，申请撤回。")
    refused = nominate(jinan, "star", c["counselor22"])
    # Qingdao: a returned star, a gold course under review (the demo expert's panel), a star in publicity with an
    # objection, a recommended studio and a draft course.
    returned = nominate(qingdao, "star", c["counselor24"])
    services.return_nomination(returned.pk, actor=province, reason="请补充近五年服务业绩佐证材料和典型案例。")
    in_review = nominate(qingdao, "gold-course", _course("tuanti-zhiye-fudao-yu-xiangmu-sheji"))
    in_publicity = nominate(qingdao, "star", c["counselor16"])
    recommended = nominate(qingdao, "gold-studio", studios["岛城就业援助工作站"])
    nominate(qingdao, "gold-course", _course("jiuye-yuanzhu-shiwu"), submit=False)

    services.start_review(in_review.pk, actor=province)
    for nomination, value in ((in_publicity, 91), (recommended, 87), (refused, 84)):
        services.start_review(nomination.pk, actor=province)
        _score(nomination, value)
        services.recommend(nomination.pk, actor=province, reason="评审得分位居前列。")
    services.open_publicity(in_publicity.pk, actor=province, starts_on=today - datetime.timedelta(days=2))
    publicity = Publicity.objects.for_subject(Nomination.objects.get(pk=in_publicity.pk)).get()
    file_objection(publicity.pk, user=c["counselor25"], text="反映该同志所报服务人次与实际台账不一致，请核实。")
    services.open_publicity(refused.pk, actor=province, starts_on=today - datetime.timedelta(days=20))
    services.refuse(refused.pk, actor=province, reason="公示期间核实，近五年继续教育学时未达要求，不予表彰。")


def load() -> None:
    province = User.objects.get(email="province@demo.example")
    organizations = {organization.code: organization for organization in Organization.objects.all()}
    studios = _studios(organizations)
    if not Cycle.objects.filter(starts_year=2021, ends_year=2025).exists():
        _closed_cycle(province, organizations, studios)
    if not Cycle.objects.filter(starts_year=2026, ends_year=2030).exists():
        _open_cycle(province, organizations, studios)
