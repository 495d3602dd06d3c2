"""Demo level certification: counselors at every stage of the ladder, built through certification's services.

Who stands where (log in as the person, their organization admin or the province admin to see it):
- 张晓明 (counselor@demo.example, 四级) lacks training hours for 三级 (years met by his degree); counselor01 lacks
  hours for 四级; counselor04 lacks both years (met on a date shown) and hours; counselor02 and counselor03 are
  eligible for 三级 and have not applied (the apply button).
- Waiting for the Jinan admin: counselor11 (三级) and counselor21 (二级) submitted; counselor30 (一级) returned
  with a reason. Endorsed and waiting for the province: counselor22 (一级, Jinan) and counselor25 (四级, Qingdao).
- 2026年第一批五级 (published): counselor07 passed (五级 record and level certificate with its PDF), counselor15
  failed (scores shown, may apply again after the reapply date).
- 2026年第一批二级 (publicity, 7 days): counselor05 and counselor20 fully scored, one objection open.
- 2026年第一批三级 (assessing): four applicants with panels; counselor19 and counselor10 sat the theory exam (F2's
  home.demo_exams, one passed, one failed), one panel has two of three scores, one diverges and waits for the chair
  (the province admin); the demo expert has assignments waiting.
- 2026年第二批四级 (open, no panels yet): counselor16 and counselor17 accepted and the exam open to them.
Applicants who lack hours get one block of concentrated training credit first (source "demo:cert:<level>").
Idempotent: the rounds are built once (the first round's name is the marker); credits are recorded once by source.
"""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from certification import services
from certification.evaluator import evaluate
from certification.ladder import next_level
from certification.models import AssessmentRound, LevelApplication
from cpd.models import CreditEntry
from cpd.services import record_credit
from experts.models import PanelSeat, Publicity
from experts.services import file_objection, submit_score
from home import demo_exams
from people.models import User
from standards.models import Level, Topic

EVIDENCE = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
STATEMENT = "本人长期从事职业指导工作，已完成规定培训学时，申请参加本等级评价，所填信息真实有效。"
COMMENT = "情景模拟完成较好，方案设计思路清楚，个别环节引导不够充分。"

# Round name -> (level code, status it is left in, publicity days)
# (the 三级 round is seated first, while the experts' loads are light, so the demo expert sits on its panels)
ROUNDS = {
    "2026年第一批三级职业指导师评价": ("level-3", "assessing", 0),
    "2026年第一批五级职业指导师评价": ("level-5", "published", 0),
    "2026年第一批二级职业指导师评价": ("level-2", "publicity", 7),
    "2026年第二批四级职业指导师评价": ("level-4", "open", 0),
}
FIRST_ROUND = next(iter(ROUNDS))

# (counselor number, the round they are accepted into or the stage they are left at)
APPLICANTS = [
    (7, "2026年第一批五级职业指导师评价"), (15, "2026年第一批五级职业指导师评价"),
    (5, "2026年第一批二级职业指导师评价"), (20, "2026年第一批二级职业指导师评价"),
    (19, "2026年第一批三级职业指导师评价"), (10, "2026年第一批三级职业指导师评价"),
    (26, "2026年第一批三级职业指导师评价"), (27, "2026年第一批三级职业指导师评价"),
    (16, "2026年第二批四级职业指导师评价"), (17, "2026年第二批四级职业指导师评价"),
    (22, "endorsed"), (25, "endorsed"), (11, "submitted"), (21, "submitted"), (30, "returned"),
]
ROUND_OF = dict(APPLICANTS)
RETURN_REASON = "上传的原等级证书扫描件不清晰，请重新上传清晰完整的证书扫描件后再提交。"

# Scores per applicant in the finished rounds: theory, then per panel purpose the three experts' totals.
FINISHED = {
    7: {"theory": 86, "certification.skills": (82, 78, 80)},
    15: {"theory": 52, "certification.skills": (58, 62, 55)},
    5: {"theory": 81, "certification.skills": (84, 80, 86), "certification.review": (78, 82, 80)},
    20: {"theory": 74, "certification.skills": (76, 72, 70), "certification.review": (70, 74, 68)},
}
# The 三级 round: applicant -> expert totals submitted so far (None: the panel is left untouched).
IN_REVIEW = {19: None, 10: None, 26: (76, 80), 27: (55, 85, 88)}
THEORY_IN_REVIEW = {26: 71, 27: 66}  # the two who are not among the exam demo's attempts (a paper sitting)
OBJECTION = "公示名单中一名人员的从业年限材料与本人了解的情况不符，请予以核实。"


def _counselor(number: int) -> User:
    return User.objects.select_related("organization").get(email=f"counselor{number:02d}@demo.example")


def _admin_for(person: User, admins: dict) -> User:
    """The Jinan or Qingdao admin for their city's people, the province admin for the others."""
    path = person.organization.path if person.organization_id else ""
    for code in ("jinan", "qingdao"):
        if path.startswith(admins[code].organization.path):
            return admins[code]
    return admins["province"]


def _make_eligible(person: User) -> None:
    """Give one block of concentrated training for their next level when hours are all that is missing."""
    level = next_level(person)
    evaluation = evaluate(person, level)
    if evaluation.eligible:
        return
    record_credit(
        person, hours=level.training_hours, category=CreditEntry.Category.PROFESSIONAL,
        kind=CreditEntry.Kind.EXTERNAL, source_ref=f"demo:cert:{level.code}",
        title=f"{level.name_zh}晋级培训（集中面授）", occurred_on=timezone.localdate() - datetime.timedelta(days=60),
        topic=Topic.objects.filter(code="COUNSEL").first(),
    )


def _apply(person: User) -> LevelApplication:
    _make_eligible(person)
    files = [
        (SimpleUploadedFile(f"{person.real_name}-原等级证书.pdf", EVIDENCE, "application/pdf"), "certificate"),
        (SimpleUploadedFile(f"{person.real_name}-在职证明.pdf", EVIDENCE, "application/pdf"), "employment"),
    ]
    return services.submit_application(person, statement=STATEMENT, profile_confirmed=True, files=files)


def _score_panel(application: LevelApplication, purpose: str, totals) -> None:
    """The seated experts submit `totals` in seat order (every criterion scored at the total)."""
    seats = list(
        PanelSeat.objects.filter(panel__object_id=application.pk, panel__purpose=purpose,
                                 panel__content_type__model="levelapplication", status=PanelSeat.Status.ASSIGNED)
        .select_related("expert__user", "panel__rubric").order_by("pk")
    )
    if totals and len(totals) < len(seats):  # a panel left part-scored leaves the demo expert's seat open
        seats.sort(key=lambda seat: seat.expert.user.email == "expert@demo.example")
    for seat, total in zip(seats, totals or (), strict=False):
        criteria = seat.panel.rubric.criteria.all()
        submit_score(seat.pk, user=seat.expert.user, scores={c.pk: Decimal(total) for c in criteria}, comment=COMMENT)


def build_rounds(province_admin, rubrics) -> dict[str, AssessmentRound]:
    today = timezone.localdate()
    levels = {level.code: level for level in Level.objects.all()}
    rounds = {}
    for name, (code, _status, publicity_days) in ROUNDS.items():
        rounds[name] = AssessmentRound.objects.create(
            name=name, level=levels[code], applications_open_on=today - datetime.timedelta(days=45),
            applications_close_on=today + datetime.timedelta(days=15), exam_on=today + datetime.timedelta(days=3),
            assessment_on=today + datetime.timedelta(days=10), chair=province_admin, publicity_days=publicity_days,
            skills_rubric=rubrics["skills"], review_rubric=rubrics["review"], created_by=province_admin,
        )
        services.open_round(rounds[name].pk, actor=province_admin)
    return rounds


def load(rubrics) -> None:
    """Build the certification demo (once); `rubrics` are home.demo_experts.rubrics()."""
    if AssessmentRound.objects.filter(name=FIRST_ROUND).exists():
        return
    admins = {
        "province": User.objects.get(email="province@demo.example"),
        "jinan": User.objects.select_related("organization").get(email="jinan.admin@demo.example"),
        "qingdao": User.objects.select_related("organization").get(email="qingdao.admin@demo.example"),
    }
    province_admin = admins["province"]
    rounds = build_rounds(province_admin, rubrics)
    applications = {}
    for number, stage in APPLICANTS:
        person = _counselor(number)
        application = applications[number] = _apply(person)
        if stage == "submitted":
            continue
        admin = _admin_for(person, admins)
        if stage == "returned":
            services.return_application(application.pk, actor=admin, reason=RETURN_REASON)
            continue
        services.endorse_application(application.pk, actor=admin)
        if stage in rounds:
            services.accept_into_round([application.pk], rounds[stage].pk, actor=province_admin)

    for name, (_code, status, _days) in ROUNDS.items():
        assessment_round = rounds[name]
        if status == "open":
            demo_exams.build(assessment_round)  # the exam open to the accepted applicants, two of them finished
            continue
        services.assign_panels(assessment_round.pk, actor=province_admin)
        if status == "assessing":
            demo_exams.build(assessment_round)
            for number, totals in IN_REVIEW.items():
                if number in THEORY_IN_REVIEW:
                    services.record_assessment_score(applications[number].pk, part="theory",
                                                     score=THEORY_IN_REVIEW[number], source="demo:paper-exam",
                                                     actor=province_admin)
                _score_panel(applications[number], "certification.skills", totals)
            continue
        for number, plan in FINISHED.items():
            if ROUND_OF[number] != name:
                continue
            services.record_assessment_score(applications[number].pk, part="theory", score=plan["theory"],
                                             source="demo:paper-exam", actor=province_admin)
            for purpose, totals in plan.items():
                if purpose != "theory":
                    _score_panel(applications[number], purpose, totals)
        if status == "published":
            services.publish_results(assessment_round.pk, actor=province_admin)
        else:
            services.start_publicity(assessment_round.pk, actor=province_admin)
            publicity = Publicity.objects.for_subject(assessment_round).get()
            file_objection(publicity.pk, user=_counselor(13), text=OBJECTION)
