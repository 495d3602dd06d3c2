"""The default questionnaire (默认评价问卷): 德、能、勤、绩、廉 and service quality, a five-point satisfaction scale and one
optional free-text question. Seeded once; a province admin changes it by making a new version."""

from django.db import migrations

NAME = "职业指导人员综合评价问卷"
INTRO = "请根据您与该职业指导人员接触的实际感受作答。问卷匿名填写，结果仅以汇总形式呈现，任何人都看不到单份答卷。"
SCALE = "很不满意\n不满意\n一般\n满意\n很满意"
ITEMS = [
    ("德", "遵守职业道德，公平公正、诚实守信地对待服务对象", 1),
    ("德", "尊重服务对象，保护个人隐私", 1),
    ("能", "熟悉就业创业政策，解答问题准确、清楚", 1.5),
    ("能", "能够针对个人情况给出有用的职业建议", 1.5),
    ("勤", "工作认真负责，响应及时、耐心细致", 1),
    ("绩", "提供的指导对求职、升学或职业发展有实际帮助", 1.5),
    ("廉", "廉洁自律，无收受财物或变相收费行为", 1),
    ("服务质量", "服务态度热情友好，沟通顺畅", 1),
    ("服务质量", "总体而言，对本次职业指导服务感到满意", 1.5),
]
COMMENT = ("意见建议", "您对这位职业指导人员还有哪些意见或建议？（选填，经审核后才会展示）")


def seed(apps, schema_editor):
    Questionnaire = apps.get_model("evaluations", "Questionnaire")
    Item = apps.get_model("evaluations", "Item")
    if Questionnaire.objects.filter(name=NAME).exists():
        return
    questionnaire = Questionnaire.objects.create(name=NAME, version=1, intro=INTRO, scale_labels=SCALE)
    rows = [Item(questionnaire=questionnaire, sort_order=index, group=group, text=text, kind="scale", weight=weight,
                 required=True) for index, (group, text, weight) in enumerate(ITEMS)]
    rows.append(Item(questionnaire=questionnaire, sort_order=len(rows), group=COMMENT[0], text=COMMENT[1],
                     kind="text", weight=0, required=False))
    Item.objects.bulk_create(rows)


class Migration(migrations.Migration):
    dependencies = [("evaluations", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
