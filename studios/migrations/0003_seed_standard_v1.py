"""Seed version 1 of the studio standard (职业指导工作室（站、角）标准化建设规范): five groups, weights summing to
100, each criterion scored out of 10, and the rating thresholds ≥90 优秀, ≥75 良好, ≥60 达标."""

from decimal import Decimal

from django.db import migrations

NAME = "职业指导工作室（站、角）标准化建设规范"

# (group, label, weight, guidance)
CRITERIA = [
    ("场地设施", "独立服务场所", 6, "有相对独立、标识醒目的服务场所，工作室不少于40平方米，站不少于20平方米，角设在服务大厅显著位置。"),
    ("场地设施", "功能分区", 5, "设有咨询区、测评区、团体辅导区或资料阅览区，布局合理，保护求职者隐私。"),
    ("场地设施", "设备与测评工具", 5, "配备电脑、网络、职业测评软件和常用职业指导工具，运行正常。"),
    ("场地设施", "标识与公示", 4, "公示服务项目、服务时间、服务流程、人员信息和监督电话。"),
    ("人员队伍", "负责人资质", 7, "负责人具有三级（高级工）及以上职业指导师职业技能等级，从事职业指导工作3年以上。"),
    ("人员队伍", "专兼职人员配备", 6, "工作室不少于3名、站不少于2名专兼职职业指导人员，持证上岗。"),
    ("人员队伍", "继续教育与培训", 5, "人员每年完成不少于90学时继续教育，定期参加业务研讨和案例督导。"),
    ("服务流程", "服务项目", 7, "开展政策咨询、职业诊断、生涯规划、求职技巧、创业指导等服务，项目不少于5项。"),
    ("服务流程", "服务规范", 7, "有接待、咨询、测评、跟踪回访的规范流程和服务标准，按流程提供服务。"),
    ("服务流程", "重点群体服务", 6, "为高校毕业生、就业困难人员、退役军人等重点群体提供专项指导。"),
    ("服务流程", "线上服务", 5, "通过网站、公众号或小程序提供线上咨询、预约和信息发布。"),
    ("档案管理", "服务台账", 5, "建立完整的服务台账，服务对象信息、服务内容、服务结果记录准确。"),
    ("档案管理", "个案档案", 5, "重点个案建立一人一档，跟踪记录完整，规范保管。"),
    ("档案管理", "信息安全", 4, "严格保护服务对象个人信息，档案查阅有审批登记。"),
    ("服务成效", "服务人次", 6, "年服务不少于500人次（站300人次、角150人次），数据真实可查。"),
    ("服务成效", "服务满意度", 5, "服务对象满意度调查不低于90%。"),
    ("服务成效", "典型案例与示范带动", 6, "形成优秀案例、特色品牌或工作方法，在全市或全省推广交流。"),
    ("服务成效", "就业成效", 6, "指导对象实现就业创业或明确职业方向的比例逐年提高。"),
]


def seed(apps, schema_editor):
    Standard = apps.get_model("studios", "Standard")
    StandardCriterion = apps.get_model("studios", "StandardCriterion")
    if Standard.objects.filter(version=1).exists():
        return
    standard = Standard.objects.create(
        version=1, name=NAME, note="首版：依据《关于加强职业指导队伍建设的指导意见》制定。",
        excellent_from=Decimal(90), good_from=Decimal(75), pass_from=Decimal(60),
    )
    for order, (group, label, weight, guidance) in enumerate(CRITERIA):
        StandardCriterion.objects.create(
            standard=standard, group=group, label=label, weight=Decimal(weight), max_score=Decimal(10),
            guidance=guidance, sort_order=order,
        )


def unseed(apps, schema_editor):
    apps.get_model("studios", "Standard").objects.filter(version=1, assessments__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("studios", "0002_standard_self_assessments_ratings")]

    operations = [migrations.RunPython(seed, unseed)]
