"""Demo multi-source evaluation (评价活动) over Jinan, in every state:
- a closed campaign (2025年度): 张晓明 (counselor@demo.example) has enough responses from students, peers and
  accepted society responses for figures and a composite score, with accepted comments; a colleague below the
  minimum shows "not enough responses";
- an open campaign (2026年上半年): some student responses so far, society responses waiting for moderation (log in as
  jinan.admin@demo.example), one rejected, and peer evaluations waiting for counselor@demo.example.
Idempotent: nothing is built when the closed campaign exists. Responses go through the services, each from its own
(documentation-range) address.
"""

import datetime
import itertools

from django.utils import timezone

from evaluations import services
from evaluations.models import Campaign, Item, Participant, Questionnaire, Response, ResponseToken, Source
from people.models import Organization, Role, User
from tests.factories import UserFactory

CLOSED_NAME = "2025年度济南市职业指导人员综合评价"
OPEN_NAME = "2026年上半年济南市职业指导人员评价"
COLLEAGUES = [("eval.liu@demo.example", "刘慧"), ("eval.zhou@demo.example", "周磊"), ("eval.wu@demo.example", "吴娟"),
              ("eval.sun@demo.example", "孙涛"), ("eval.ma@demo.example", "马超"), ("eval.hu@demo.example", "胡艳")]
COMMENTS = ["政策讲解清楚，给了我很实用的求职建议。", "老师很耐心，帮我梳理了职业方向。",
            "简历修改意见很具体，面试准备更有信心了。"]
ADDRESSES = itertools.count(1)


def _address() -> str:
    serial = next(ADDRESSES)
    return f"198.18.{serial // 256 % 256}.{serial % 256}"


def _answers(questionnaire, items, scores, comment=""):
    data, scores = {}, iter(itertools.cycle(scores))
    for item in items:
        if item.kind == Item.Kind.SCALE:
            data[f"q{item.pk}"] = str(next(scores))
        elif comment:
            data[f"q{item.pk}"] = comment
    return data


def _anonymous(participant, source, scores_list, comments=()):
    questionnaire = participant.campaign.questionnaire_for(source)
    items = services.items_of(questionnaire)
    made = []
    for index, scores in enumerate(scores_list):
        ip = _address()
        _participant, signed = services.issue_token(participant.share_key, source, ip)
        if source == Source.SOCIETY:  # past the minimum reading time
            ResponseToken.objects.filter(participant=participant, used_at__isnull=True).update(
                issued_at=timezone.now() - datetime.timedelta(minutes=5)
            )
        comment = comments[index] if index < len(comments) else ""
        made.append(services.submit_anonymous(signed, _answers(questionnaire, items, scores, comment), ip))
    return made


def _peers(participant, reviewers, scores, admin):
    questionnaire = participant.campaign.questionnaire_for(Source.PEER)
    items = services.items_of(questionnaire)
    for reviewer in reviewers:
        assignment = services.assign_peer(participant.pk, reviewer, actor=admin)
        services.submit_peer(assignment.pk, reviewer, _answers(questionnaire, items, scores))


def _campaign(name, scope, questionnaire, opens_on, closes_on, admin) -> Campaign:
    campaign = Campaign.objects.create(name=name, organization=scope, questionnaire=questionnaire, opens_on=opens_on,
                                       closes_on=closes_on, created_by=admin)
    services.open_campaign(campaign.pk, actor=admin)
    return campaign


def load() -> None:
    if Campaign.objects.filter(name=CLOSED_NAME).exists():
        return
    today = timezone.localdate()
    admin = User.objects.get(email="jinan.admin@demo.example")
    scope = Organization.objects.get(code="jinan-hrss")
    counselor = User.objects.get(email="counselor@demo.example")
    colleagues = [User.objects.filter(email=email).first() or UserFactory(
        email=email, real_name=name, organization=scope, post="职业指导员", roles=[Role.COUNSELOR]
    ) for email, name in COLLEAGUES]
    questionnaire = Questionnaire.objects.filter(previous__isnull=True).order_by("pk").first()

    closed = _campaign(CLOSED_NAME, scope, questionnaire, today - datetime.timedelta(days=90), today, admin)
    mine = Participant.objects.get(campaign=closed, counselor=counselor)
    _anonymous(mine, Source.STUDENT, [(5, 4, 5), (4, 4, 5), (5, 5, 5), (4, 5, 4), (5, 4, 4), (4, 4, 4), (5, 5, 4),
                                      (3, 4, 4)], comments=COMMENTS)
    _peers(mine, colleagues[:5], (4, 5, 4), admin)
    society = _anonymous(mine, Source.SOCIETY, [(4, 4, 5), (5, 4, 4), (4, 4, 4), (5, 5, 5), (4, 3, 4), (4, 5, 4)])
    for response in society:
        services.moderate(response.pk, actor=admin, decision="accept")
    for response in Response.objects.filter(participant=mine, comment_status=Response.CommentStatus.PENDING):
        services.moderate(response.pk, actor=admin, decision="accept")
    few = Participant.objects.get(campaign=closed, counselor=colleagues[0])
    _anonymous(few, Source.STUDENT, [(4, 4, 3), (5, 4, 4), (3, 4, 4)])  # below the minimum
    services.close_campaign(closed.pk, actor=admin)
    Campaign.objects.filter(pk=closed.pk).update(opens_on=datetime.date(today.year - 1, 10, 1),
                                                 closes_on=datetime.date(today.year - 1, 12, 31))

    current = _campaign(OPEN_NAME, scope, questionnaire, today - datetime.timedelta(days=10),
                        today + datetime.timedelta(days=50), admin)
    mine = Participant.objects.get(campaign=current, counselor=counselor)
    _anonymous(mine, Source.STUDENT, [(5, 4, 5), (4, 4, 4), (5, 5, 4)], comments=COMMENTS[:1])
    waiting = _anonymous(mine, Source.SOCIETY, [(4, 4, 4), (5, 5, 5), (1, 1, 1)],
                         comments=["服务很专业，推荐给身边的求职者。", "", "广告：低价代办各类证书，加微信……"])
    services.moderate(waiting[2].pk, actor=admin, decision="reject")
    for colleague in colleagues[:2]:
        services.assign_peer(Participant.objects.get(campaign=current, counselor=colleague).pk, counselor,
                             actor=admin)
