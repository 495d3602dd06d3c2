"""Demo scene-based practice and research projects.

Partners in Jinan, Qingdao and Yantai; placements of Jinan counselors in every state — a proposal waiting for the
Jinan admin, planned, in progress with log entries, submitted and waiting for the supervisor (the Jinan admin can
re-send the link from the placement queue), signed off with credit, returned by the supervisor, declined and
withdrawn. Research projects: one proposed in Qingdao (waiting for the Qingdao admin), one in progress in Jinan with
milestones, one concluded with its report published to the library and the demo counselor's participation claim
waiting for the Jinan admin. Built through the services, once (idempotent: nothing is built when the first partner
exists). Prints nothing.
"""

import datetime
from decimal import Decimal
from html import escape

from django.core.files.base import ContentFile
from django.utils import timezone

from people.models import Organization, User
from practicum import services as practice
from practicum.models import Partner, SignoffLink
from research import services as research
from research.models import Membership
from standards.models import Topic

from .demo_library import PDF_STYLE

# (name, city code, kind, address, contact, phone, platform organization code or None)
PARTNERS = [
    ("济南高新区人力资源市场", "jinan", Partner.Kind.SERVICE_AGENCY, "济南市高新区舜华路1号", "周建国",
     "0531-88870001", None),
    ("浪潮集团人力资源部", "jinan", Partner.Kind.EMPLOYER, "济南市浪潮路1036号", "刘倩", "0531-85100000", None),
    ("山东大学学生就业创业指导中心", "jinan", Partner.Kind.UNIVERSITY, "济南市山大南路27号", "孙立军",
     "0531-88360000", "sdu"),
    ("海尔集团人力资源共享中心", "qingdao", Partner.Kind.EMPLOYER, "青岛市崂山区海尔路1号", "王珊",
     "0532-88930000", None),
    ("烟台万华化学人才发展中心", "yantai", Partner.Kind.EMPLOYER, "烟台市经济技术开发区重庆大街59号", "于洋",
     "0535-33820000", None),
]


def _partners() -> dict[str, Partner]:
    partners = {}
    for name, city_code, kind, address, contact, phone, organization_code in PARTNERS:
        partners[name] = Partner.objects.create(
            name=name, city=Organization.objects.get(code=city_code), kind=kind, address=address,
            contact_name=contact, contact_phone=phone,
            organization=Organization.objects.filter(code=organization_code).first() if organization_code else None,
        )
    return partners


def _fields(partner, title, start, end, hours, topic, supervisor, email):
    return {
        "partner": partner, "event": None, "title": title, "starts_on": start, "ends_on": end,
        "supervisor_name": supervisor, "supervisor_title": "人力资源主管", "supervisor_email": email,
        "supervisor_phone": "13905310000", "objectives": f"在{partner.name}开展{title}，掌握一线岗位需求和招聘流程，"
        "完成不少于三次现场咨询服务。", "planned_hours": Decimal(hours), "topic": topic, "category": "professional",
    }


def _log(placement, counselor, days, hours="6"):
    activities = ["参与招聘会现场岗位咨询", "协助开展求职者职业测评", "观摩企业结构化面试",
                  "整理岗位需求信息并撰写分析", "为困难就业群体提供一对一咨询"]
    for offset in range(days):
        practice.save_entry(
            placement.pk, counselor, day=placement.starts_on + datetime.timedelta(days=offset), hours=hours,
            activities=activities[offset % len(activities)],
            reflection="现场需求变化快，需要更及时地掌握岗位信息。" if offset % 2 else "",
        )


def _placements(partners) -> None:
    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    admin = User.objects.get(email="jinan.admin@demo.example")
    counselor = User.objects.get(email="counselor@demo.example")
    colleague = User.objects.get(email="counselor01@demo.example")
    topics = {topic.code: topic for topic in Topic.objects.all()}
    jinan_market, inspur, sdu = (partners[name] for name in [PARTNERS[0][0], PARTNERS[1][0], PARTNERS[2][0]])
    haier = partners[PARTNERS[3][0]]

    practice.propose(counselor, **_fields(haier, "制造业企业招聘全流程实践", today + 14 * day, today + 28 * day, "32",
                                          topics["RECRUIT"], "王珊", "wang.shan@haier.example"))
    practice.create_placement(admin, counselor=colleague, **_fields(
        sdu, "高校毕业生就业指导现场实践", today + 7 * day, today + 21 * day, "24", topics["PLAN"], "孙老师",
        "career@sdu.example"))
    running = practice.create_placement(admin, counselor=counselor, **_fields(
        jinan_market, "人力资源市场窗口服务实践", today - 6 * day, today + 10 * day, "40", topics["COUNSEL"], "周建国",
        "zhou@jnhr.example"))
    _log(running, counselor, 5)

    waiting = practice.create_placement(admin, counselor=counselor, **_fields(
        inspur, "企业招聘现场场景式实践", today - 30 * day, today - 20 * day, "24", topics["RECRUIT"], "刘倩",
        "liu.qian@inspur.example"))
    _log(waiting, counselor, 4)
    practice.submit(waiting.pk, counselor)

    signed = practice.create_placement(admin, counselor=counselor, **_fields(
        jinan_market, "就业援助对象帮扶实践", today - 60 * day, today - 50 * day, "18", topics["ASSIST"], "周建国",
        "zhou@jnhr.example"))
    _log(signed, counselor, 3)
    practice.submit(signed.pk, counselor)
    link = SignoffLink.objects.get(placement=signed, used_at__isnull=True, revoked_at__isnull=True)
    assessment = "张晓明同志实践期间态度认真，能独立开展援助对象咨询，建议继续加强政策解读能力。"
    practice.sign_off(practice.token_for(link), hours="16", assessment=assessment, signature="周建国")

    returned = practice.create_placement(admin, counselor=colleague, **_fields(
        inspur, "校园招聘宣讲组织实践", today - 40 * day, today - 33 * day, "16", topics["RECRUIT"], "刘倩",
        "liu.qian@inspur.example"))
    _log(returned, colleague, 2, hours="5")
    practice.submit(returned.pk, colleague)
    link = SignoffLink.objects.get(placement=returned, used_at__isnull=True, revoked_at__isnull=True)
    practice.return_placement(practice.token_for(link), reason="第二天的记录缺少具体服务对象和成效，请补充后重新提交。")

    declined = practice.propose(colleague, **_fields(
        haier, "跨市企业用工调研", today + 30 * day, today + 40 * day, "20", None, "王珊", "wang.shan@haier.example"))
    practice.decline_proposal(declined.pk, actor=admin, reason="本季度已安排同类实践，请下季度再申请。")
    withdrawn = practice.create_placement(admin, counselor=colleague, **_fields(
        sdu, "生涯规划课程助教实践", today + 3 * day, today + 30 * day, "20", topics["PLAN"], "孙老师",
        "career@sdu.example"))
    practice.withdraw(withdrawn.pk, colleague)


def _report_pdf(title: str, lead: str) -> ContentFile:
    from weasyprint import HTML  # loads Pango only when the demo is built

    html = (f"<html><head><meta charset='utf-8'><style>{PDF_STYLE}</style></head><body><h1>{escape(title)}</h1>"
            f"<p class='meta'>{escape(lead)}</p><p>本报告基于济南、青岛两市12所高校1,860份问卷和40例个案访谈，"
            "分析毕业生求职焦虑的主要来源，提出“测评—咨询—团体辅导—跟踪”四步干预模式。</p></body></html>")
    return ContentFile(HTML(string=html).write_pdf(), name="report.pdf")


PLAN = {
    "objectives": "摸清现状，形成可推广的工作方法和工具包。",
    "methods": "问卷调查、个案访谈、对照实验和专家论证。",
    "schedule": "第一阶段（1–2月）：文献与方案设计\n第二阶段（3–6月）：调研与干预\n第三阶段（7–8月）：总结与成果转化",
}


def _projects() -> None:
    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    jinan_admin = User.objects.get(email="jinan.admin@demo.example")
    counselor = User.objects.get(email="counselor@demo.example")
    people = {user.email: user for user in User.objects.filter(email__startswith="counselor")}
    topics = {topic.code: topic for topic in Topic.objects.all()}

    research.propose_project(
        people["counselor14@demo.example"], title="港口城市灵活就业人员职业指导需求调查",
        summary="调查青岛灵活就业人员的职业指导需求，提出公共就业服务的对接方式。", topic=topics["ASSIST"],
        starts_on=today + 10 * day, ends_on=today + 250 * day,
        members=[(people["counselor05@demo.example"], Membership.Role.CORE, "问卷设计与数据分析")], **PLAN,
    )

    running = research.propose_project(
        people["counselor22@demo.example"], title="人力资源服务机构参与职业指导的模式研究",
        summary="比较济南市人力资源服务机构参与公共职业指导的几种模式及成效。", topic=topics["RECRUIT"],
        starts_on=today - 90 * day, ends_on=today + 180 * day,
        members=[(counselor, Membership.Role.CORE, "案例收集"), (people["counselor01@demo.example"],
                                                               Membership.Role.MEMBER, "访谈记录")], **PLAN,
    )
    research.approve_project(running.pk, actor=jinan_admin)
    lead = running.lead
    research.start_project(running.pk, lead)
    for offset, title in [(-60, "完成研究方案和调研工具"), (-20, "完成10家机构实地调研"), (40, "形成模式比较报告初稿"),
                          (150, "结题论证")]:
        milestone = research.save_milestone(running.pk, lead, title=title, due_on=today + offset * day)
        if offset < -30:
            research.complete_milestone(milestone.pk, lead, done_on=today + (offset + 3) * day, note="按期完成。")

    concluded = research.propose_project(
        people["counselor30@demo.example"], title="高校毕业生求职心理调适干预研究",
        summary="研究毕业生求职焦虑的成因，检验团体辅导干预的效果。", topic=topics["PSYCH"],
        starts_on=today - 300 * day, ends_on=today - 5 * day,
        members=[(counselor, Membership.Role.MEMBER, "团体辅导实施"), (people["counselor02@demo.example"],
                                                                    Membership.Role.ADVISER, "心理测评指导")], **PLAN,
    )
    research.approve_project(concluded.pk, actor=jinan_admin)
    lead = concluded.lead
    research.start_project(concluded.pk, lead)
    for offset, title in [(-280, "完成问卷编制"), (-200, "完成两市调研"), (-90, "完成干预实验"), (-20, "提交研究报告")]:
        milestone = research.save_milestone(concluded.pk, lead, title=title, due_on=today + offset * day)
        research.complete_milestone(milestone.pk, lead, done_on=today + (offset - 2) * day)
    title = "高校毕业生求职心理调适干预研究报告"
    output = research.add_output(concluded.pk, lead, kind="report", title=title,
                                 summary="提出“测评—咨询—团体辅导—跟踪”四步干预模式，干预组求职焦虑显著下降。",
                                 upload=_report_pdf(title, lead.real_name), is_final=True)
    research.conclude_project(concluded.pk, lead, conclusion="四步干预模式有效，建议在全省高校推广。")
    research.publish_output(output.pk, actor=jinan_admin)
    research.file_claim(concluded.pk, counselor, hours="20", description="负责两所高校的团体辅导实施。")


def load() -> None:
    if Partner.objects.filter(name=PARTNERS[0][0]).exists():
        return
    _placements(_partners())
    _projects()
