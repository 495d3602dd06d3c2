"""Demo 首席职业指导师 round: five 一级 holders nominated in several states — two appointed after review (on the public
roll, with certificates), one not recommended, one under review with the demo expert's score still open (log in as
expert@demo.example to score it), one self-nomination waiting for the Qingdao admin and one returned. Idempotent: the
round is built once.
"""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from certification.models import LevelRecord
from chiefs import services
from chiefs.models import ChiefRound, Nomination
from experts.models import PanelSeat
from experts.services import submit_score
from people.models import Organization, Role, User
from standards.models import Level
from tests.factories import LevelRecordFactory, UserFactory

ROUND_NAME = "2026年度山东省首席职业指导师评选"
DUTIES = "牵头开展疑难个案会诊和职业指导技术攻关；每年带教青年职业指导人员不少于2名；参与全省职业指导标准与课程建设。"
EVIDENCE = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# (e-mail, name, organization code, route, who nominates, planned panel scores or None, statement, achievements)
NOMINEES = [
    ("chief.wang@demo.example", "王振宇", "ytu", "competition", "province", (88, 92, 90),
     "从事高校就业指导工作二十年，主持烟台大学生涯发展中心。", "全省职业指导技能竞赛一等奖；主持省级课题2项。"),
    ("chief.zhao@demo.example", "赵敏", "qingdao-hrss", "assessment", "qingdao", (84, 86, 82),
     "长期承担青岛市就业援助对象职业指导。", "打造“敏姐就业工作室”，年服务困难群体1200余人次。"),
    ("chief.xu@demo.example", "徐丽", "jinan-hrss", "evaluation", "jinan", (68, 72, 70),
     "负责济南市公共就业服务职业指导窗口。", "市级优秀职业指导案例2篇。"),
    ("chief.qu@demo.example", "曲红英", "qdhvc", "evaluation", "qingdao", "partial",
     "在职业院校开展学生生涯规划教育十余年。", "省级职业规划大赛优秀指导教师；编写校本教材1部。"),
    ("chief.yang@demo.example", "杨帆", "ouc", "competition", "self", None,
     "希望发挥专长，带动高校职业指导队伍建设。", "全国大学生职业规划大赛金奖指导教师。"),
    ("chief.he@demo.example", "何静", "ouc", "assessment", "self-returned", None,
     "申请首席职业指导师。", "（材料待补充）"),
]


def _holder(email, name, organization, level):
    user = User.objects.filter(email=email).first() or UserFactory(
        email=email, real_name=name, organization=organization, post="一级职业指导师", roles=[Role.COUNSELOR]
    )
    if not LevelRecord.objects.valid().filter(holder=user, level=level).exists():
        LevelRecordFactory(holder=user, level=level, obtained_on=datetime.date(2019, 6, 30))
    return user


def load(rubric) -> ChiefRound | None:
    if ChiefRound.objects.filter(name=ROUND_NAME).exists():
        return None
    today = timezone.localdate()
    admins = {
        "province": User.objects.get(email="province@demo.example"),
        "jinan": User.objects.get(email="jinan.admin@demo.example"),
        "qingdao": User.objects.get(email="qingdao.admin@demo.example"),
    }
    chief_round = ChiefRound.objects.create(
        name=ROUND_NAME, nominations_open_on=today - datetime.timedelta(days=20),
        nominations_close_on=today + datetime.timedelta(days=25), rubric=rubric, chair=admins["province"],
        pass_mark=Decimal(75), duties=DUTIES,
    )
    organizations = {organization.code: organization for organization in Organization.objects.all()}
    top = Level.objects.ladder().last()
    plans = {}
    for email, name, code, route, by, plan, statement, achievements in NOMINEES:
        nominee = _holder(email, name, organizations[code], top)
        actor = nominee if by.startswith("self") else admins[by]
        nomination = services.nominate(
            actor, round_id=chief_round.pk, nominee=nominee, route=route, statement=statement,
            achievements=achievements, files=[SimpleUploadedFile(f"{name}-证明材料.pdf", EVIDENCE)],
        )
        if by == "self-returned":
            services.return_nomination(nomination.pk, actor=admins["qingdao"], reason="请补充近三年业绩证明材料。")
        plans[nomination.pk] = plan
    services.start_review(chief_round.pk, actor=admins["province"])
    # One panel stays open with one score in: the demo expert's, when they sit on one (log in and score it).
    in_review = list(Nomination.objects.filter(round=chief_round, status=Nomination.Status.IN_REVIEW))
    demo_panel = PanelSeat.objects.filter(
        expert__user__email="expert@demo.example", panel__purpose="chiefs.review", panel__object_id__in=plans
    ).values_list("panel__object_id", flat=True).first()
    left_open = demo_panel or next(pk for pk, plan in plans.items() if plan == "partial")
    criteria = list(rubric.criteria.all())
    for nomination in in_review:
        seats = list(PanelSeat.objects.filter(panel__object_id=nomination.pk, panel__purpose="chiefs.review")
                     .select_related("expert__user").order_by("pk"))
        if nomination.pk == left_open:
            seats = [seat for seat in seats if seat.expert.user.email != "expert@demo.example"][:1]
            values = [85]
        else:
            values = plans[nomination.pk] if isinstance(plans[nomination.pk], tuple) else (80, 82, 84)
        for seat, value in zip(seats, values, strict=False):
            submit_score(seat.pk, user=seat.expert.user, scores={c.pk: Decimal(value) for c in criteria},
                         comment="材料完整，业绩与引领作用评分如上。")
        nomination.refresh_from_db()
        if nomination.status == Nomination.Status.RECOMMENDED:
            services.appoint(nomination.pk, actor=admins["province"], starts_on=today - datetime.timedelta(days=5))
    return chief_round
