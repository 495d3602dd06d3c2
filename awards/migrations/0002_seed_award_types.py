"""Seed the three award types of the policy with their quotas per five-year cycle and a review rubric each."""

from decimal import Decimal

from django.db import migrations

TYPES = [
    ("gold-studio", "职业指导金牌工作室", "Gold career guidance studio", "studio", 30,
     "服务规范、特色鲜明、成效显著、示范带动作用强的职业指导工作室。",
     "金牌工作室评审表", [("服务规范与制度建设", 25), ("服务成效与群众评价", 35), ("特色品牌与创新", 20),
                          ("示范带动与团队建设", 20)]),
    ("gold-course", "职业指导金课", "Gold career guidance course", "course", 30,
     "内容科学、设计精良、教学效果突出、可推广的职业指导课程。",
     "金课评审表", [("课程目标与内容", 30), ("教学设计与方法", 30), ("学习效果与评价", 25), ("推广应用价值", 15)]),
    ("star", "职业指导之星", "Career guidance star", "counselor", 50,
     "职业道德好、专业能力强、服务业绩突出的职业指导人员。",
     "职业指导之星评审表", [("职业道德与服务态度", 20), ("专业能力与持续学习", 30), ("服务业绩与典型案例", 35),
                           ("示范引领与社会影响", 15)]),
]


def seed(apps, schema_editor):
    AwardType = apps.get_model("awards", "AwardType")
    Rubric = apps.get_model("experts", "Rubric")
    RubricCriterion = apps.get_model("experts", "RubricCriterion")
    for order, (code, name, name_en, kind, quota, description, rubric_name, criteria) in enumerate(TYPES):
        if AwardType.objects.filter(code=code).exists():
            continue
        rubric = Rubric.objects.filter(name=rubric_name).first()
        if rubric is None:
            rubric = Rubric.objects.create(name=rubric_name, description=description)
            for position, (label, weight) in enumerate(criteria):
                RubricCriterion.objects.create(rubric=rubric, label=label, weight=Decimal(weight),
                                               max_score=Decimal(100), sort_order=position)
        AwardType.objects.create(code=code, name=name, name_en=name_en, nominee_kind=kind, default_quota=quota,
                                 description=description, rubric=rubric, sort_order=order)


class Migration(migrations.Migration):
    dependencies = [("awards", "0001_awards_cycles_quotas_nominations"), ("experts", "0001_expert_pool_panels_publicity")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
