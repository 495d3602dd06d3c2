"""Demo studios: eight studios, stations and corners in 济南, 青岛 and 烟台, led by demo counselors (张晓明,
counselor@demo.example, leads 泉城职业指导工作室), in every state of the self-assessment: not started, a draft, one
submitted and waiting for the Jinan admin, one returned, one endorsed and waiting for a panel, one under expert review
(log in as expert@demo.example to score it in /experts/ when seated), and two rated (优秀 and 良好) that show in the
public directory. Idempotent: built once.
"""

from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from experts.models import Panel, PanelSeat
from experts.services import declare_conflict, submit_score
from people.models import Organization, Role, User
from standards.models import Topic
from studios import services
from studios.models import Standard, Studio, StudioMembership
from studios.subjects import PURPOSE

EVIDENCE = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# (name, kind, organization code, lead e-mail or None, services, address, hours, phone, state, panel scores)
STUDIOS = [
    ("泉城职业指导工作室", Studio.Kind.STUDIO, "jinan-hrss", "counselor@demo.example", ["COUNSEL", "PLAN", "JOBSKILL"],
     "济南市历下区解放路9号公共就业服务大厅二楼", "周一至周五 9:00–12:00，13:30–17:00", "0531-86001234", "draft", None),
    ("山大生涯发展工作室", Studio.Kind.STUDIO, "sdu", None, ["PLAN", "ASSESS", "PSYCH"],
     "济南市历城区山大南路27号学生就业创业指导中心", "周一至周五 8:30–17:30", "0531-88361234", "submitted", None),
    ("济南职业学院就业指导站", Studio.Kind.STATION, "jnvc", None, ["JOBSKILL", "STARTUP"],
     "济南市市中区二环南路5888号", "周一至周五 9:00–16:30", "0531-86701234", "none", None),
    ("鲁才人力就业服务角", Studio.Kind.CORNER, "lucai-hr", None, ["RECRUIT", "INFO"],
     "济南市槐荫区经十路22799号", "周一至周六 9:00–17:00", "0531-87101234", "returned", None),
    ("海之韵职业指导工作室", Studio.Kind.STUDIO, "qingdao-hrss", None, ["COUNSEL", "ASSIST", "SPECIAL"],
     "青岛市市南区宁夏路288号", "周一至周五 9:00–17:00", "0532-85901234", "rated", (92, 94, 91)),
    ("海大生涯咨询站", Studio.Kind.STATION, "ouc", None, ["PLAN", "COUNSEL"],
     "青岛市崂山区松岭路238号就业指导中心", "周一至周五 8:00–17:00", "0532-66781234", "endorsed", None),
    ("烟台市职业指导工作室", Studio.Kind.STUDIO, "yantai-hrss", None, ["COUNSEL", "PLAN", "POLICY"],
     "烟台市莱山区观海路180号", "周一至周五 9:00–17:00", "0535-21101234", "in_review", None),
    ("烟大就业指导角", Studio.Kind.CORNER, "ytu", None, ["JOBSKILL", "PLAN"],
     "烟台市莱山区清泉路30号", "工作日 8:30–17:00", "0535-69021234", "rated", (80, 82, 78)),
]

SUMMARY = "本年度开展个体咨询、团体辅导和专场招聘，服务台账和个案档案齐全，服务对象满意度调查达到95%。"


def _counselors(organization) -> list[User]:
    return list(
        User.objects.filter(organization=organization, groups__name=Role.COUNSELOR.value)
        .exclude(email="counselor@demo.example").order_by("email")
    )


def _admin_of(studio) -> User:
    city_admins = {"jinan": "jinan.admin@demo.example", "qingdao": "qingdao.admin@demo.example"}
    email = city_admins.get(studio.city.code, "province@demo.example")
    return User.objects.get(email=email)


def _filled(studio, lead, value: str):
    assessment = services.start_assessment(studio.pk, actor=lead)
    lines = {line.criterion_id: (value, "已按规范落实，见附件。") for line in assessment.lines.all()}
    first = assessment.lines.order_by("criterion__sort_order").first().criterion_id
    services.save_draft(assessment.pk, actor=lead, summary=SUMMARY, lines=lines,
                        files={first: [SimpleUploadedFile(f"{studio.name}-场地照片.pdf", EVIDENCE)]})
    return assessment


def _seat_the_demo_expert(panel) -> None:
    """So that expert@demo.example has this studio waiting in /experts/: seated experts ahead of them in the order
    declare a conflict (each is replaced by the next candidate) until the demo expert is seated, at most ten times."""
    for _attempt in range(10):
        seats = PanelSeat.objects.filter(panel=panel, status=PanelSeat.Status.ASSIGNED).select_related("expert__user")
        if any(seat.expert.user.email == "expert@demo.example" for seat in seats):
            return
        seat = seats.order_by("-pk").first()
        if seat is None:
            return
        declare_conflict(seat.pk, user=seat.expert.user, reason="曾参与该工作室建设方案的指导，申请回避。")


def load() -> None:
    if Studio.objects.filter(name=STUDIOS[0][0]).exists() or Standard.objects.current() is None:
        return
    organizations = {organization.code: organization for organization in Organization.objects.all()}
    topics = {topic.code: topic for topic in Topic.objects.all()}
    province = User.objects.get(email="province@demo.example")
    for name, kind, code, lead_email, codes, address, hours, phone, state, scores in STUDIOS:
        organization = organizations[code]
        people = _counselors(organization)
        lead = User.objects.get(email=lead_email) if lead_email else people[0]
        studio = Studio.objects.create(
            name=name, kind=kind, organization=organization, lead=lead, address=address, opening_hours=hours,
            phone=phone, description=f"{name}依托{organization.name}，为求职者、高校毕业生和用人单位提供"
                                     "政策咨询、职业测评、生涯规划和求职技能指导。",
        )
        studio.services.set([topics[topic] for topic in codes])
        for member in [person for person in people if person.pk != lead.pk][:2]:
            StudioMembership.objects.create(studio=studio, member=member, role="职业指导员")
        if state == "none":
            continue
        assessment = _filled(studio, lead, "9" if state in ("rated", "in_review") else "8")
        if state == "draft":
            continue
        services.submit_assessment(assessment.pk, actor=lead)
        admin = _admin_of(studio)
        if state == "submitted":
            continue
        if state == "returned":
            services.return_assessment(assessment.pk, actor=admin,
                                       reason="服务台账缺少近三个月记录，请补充后重新提交。")
            continue
        services.endorse_assessment(assessment.pk, actor=admin)
        if state == "endorsed":
            continue
        services.send_to_panel(assessment.pk, actor=province, size=3)
        panel = Panel.objects.get(object_id=assessment.pk, purpose=PURPOSE)
        if state == "in_review":
            _seat_the_demo_expert(panel)
        seats = list(PanelSeat.objects.filter(panel=panel).select_related("expert__user").order_by("pk"))
        criteria = list(panel.rubric.criteria.all())
        if state == "in_review":  # one score in; the demo expert's seat (or another) stays open
            seats = [seat for seat in seats if seat.expert.user.email != "expert@demo.example"][:1]
            scores = (85,)
        for seat, value in zip(seats, scores, strict=False):
            submit_score(seat.pk, user=seat.expert.user, comment="场地、人员和服务流程规范，成效突出。",
                         scores={criterion.pk: Decimal(value) * criterion.max_score / 100 for criterion in criteria})
