"""Demo expert pool: the demo expert (孙立军) and nine more experts across the cities, provincial and city tiers, with
specialties; and the rubrics the demo rounds score on (skills assessment, comprehensive review, 首席 review).
The certification and chiefs demos take the rubrics from `rubrics()`. Idempotent: experts and rubrics are made once.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from experts.models import Expert, Rubric, RubricCriterion
from people.models import Organization, Role, User
from standards.models import Topic
from tests.factories import UserFactory

# (e-mail, name, organization code, tier, professional title, specialty topic codes)
EXPERTS = [
    ("expert@demo.example", "孙立军", "sdu", Expert.Tier.PROVINCIAL, "研究员", ["COUNSEL", "PLAN"]),
    ("expert01@demo.example", "韩雪梅", "ouc", Expert.Tier.PROVINCIAL, "教授", ["PLAN", "PSYCH"]),
    ("expert02@demo.example", "周建国", "shandong", Expert.Tier.PROVINCIAL, "高级经济师", ["POLICY", "INFO"]),
    ("expert03@demo.example", "刘文博", "ytu", Expert.Tier.PROVINCIAL, "副教授", ["ASSESS", "COUNSEL"]),
    ("expert04@demo.example", "马晓燕", "qingdao-hrss", Expert.Tier.CITY, "一级职业指导师", ["JOBSKILL", "RECRUIT"]),
    ("expert05@demo.example", "高志远", "yantai-hrss", Expert.Tier.CITY, "一级职业指导师", ["ASSIST", "SPECIAL"]),
    ("expert06@demo.example", "郑丽华", "jnvc", Expert.Tier.CITY, "副教授", ["STARTUP", "PLAN"]),
    ("expert07@demo.example", "林海涛", "lucai-hr", Expert.Tier.CITY, "高级人力资源管理师", ["RECRUIT", "INFO"]),
    ("expert08@demo.example", "宋佳琪", "qdhvc", Expert.Tier.CITY, "讲师", ["PSYCH", "ETHICS"]),
    ("expert09@demo.example", "罗振华", "jinan-hrss", Expert.Tier.CITY, "一级职业指导师", ["POLICY", "ASSIST"]),
]

RUBRICS = {
    "skills": ("职业技能考核评分表", "技能考核：现场职业指导情景模拟与方案设计。", [
        ("职业指导方案设计", 40, 100, "方案是否切合服务对象实际，目标、步骤与资源安排是否清楚可行。"),
        ("咨询实施与沟通技巧", 40, 100, "倾听、提问、反馈与引导是否规范，能否建立良好咨询关系。"),
        ("职业道德与服务规范", 20, 100, "是否遵守保密、尊重、公平等职业道德要求。"),
    ]),
    "review": ("综合评审评分表", "二级、一级综合评审：业绩、能力与论文答辩。", [
        ("工作业绩与成果", 40, 100, "近五年职业指导服务数量、质量与典型案例。"),
        ("专业能力与技术水平", 30, 100, "解决疑难问题、开展培训与指导他人的能力。"),
        ("论文与答辩", 30, 100, "论文质量与现场答辩表现。"),
    ]),
    "chief": ("首席职业指导师评审表", "首席职业指导师评审：业绩贡献、专业引领、带教与研究。", [
        ("业绩贡献", 35, 100, "在本地区职业指导工作中的突出业绩与社会影响。"),
        ("专业引领", 25, 100, "牵头开展疑难个案会诊、标准制定与品牌建设情况。"),
        ("带教与团队建设", 20, 100, "带教青年职业指导人员、工作室建设情况。"),
        ("创新与研究", 20, 100, "课题研究、论文著作与方法创新。"),
    ]),
}


def rubrics() -> dict[str, Rubric]:
    built = {}
    for key, (name, description, criteria) in RUBRICS.items():
        rubric, created = Rubric.objects.get_or_create(name=name, defaults={"description": description})
        if created:
            for order, (label, weight, max_score, guidance) in enumerate(criteria):
                RubricCriterion.objects.create(rubric=rubric, label=label, weight=Decimal(weight),
                                               max_score=Decimal(max_score), guidance=guidance, sort_order=order)
        built[key] = rubric
    return built


def load() -> list[Expert]:
    organizations = {organization.code: organization for organization in Organization.objects.all()}
    topics = {topic.code: topic for topic in Topic.objects.all()}
    today = timezone.localdate()
    experts = []
    for email, name, code, tier, title, specialties in EXPERTS:
        user = User.objects.filter(email=email).first() or UserFactory(
            email=email, real_name=name, organization=organizations[code], post=title, roles=[Role.EXPERT]
        )
        expert, created = Expert.objects.get_or_create(user=user, defaults={
            "organization": organizations[code], "tier": tier, "title": title,
            "term_start": datetime.date(today.year - 1, 1, 1), "term_end": datetime.date(today.year + 3, 12, 31),
            "max_concurrent": 8,
        })
        if created:
            expert.specialties.set([topics[topic] for topic in specialties])
        experts.append(expert)
    rubrics()
    return experts
