"""Seed the synonym list with the domain's common equivalents (idempotent: a group already present is left as
edited). Province admins extend and correct it in the admin."""

from django.db import migrations

GROUPS = [
    ("失业、零就业、就业困难", "就业援助对象的常见说法"),
    ("简历、履历", "求职材料"),
    ("求职、找工作", "求职技巧"),
    ("招聘、招工、招人", "用人单位招聘"),
    ("高校毕业生、大学毕业生、应届毕业生", "青年就业"),
    ("自主创业、自谋职业", "创业指导"),
    ("职业生涯规划、生涯规划、职业规划", "职业规划"),
    ("心理调适、心理疏导、心理辅导", "就业心理"),
    ("残疾人、残障人士", "特殊群体"),
    ("退役军人、退伍军人", "特殊群体"),
    ("农民工、进城务工人员", "特殊群体"),
    ("灵活就业、零工、新就业形态", "就业形态"),
    ("职业指导师、职业指导人员、就业指导师", "从业人员称谓"),
    ("职业测评、人才测评、素质测评", "职业诊断和素质测评"),
    ("职业技能培训、技能培训、职业培训", "培训"),
    ("就业援助、就业帮扶", "就业援助"),
    ("人力资源、hr", "人力资源"),
    ("swot、态势分析", "分析工具"),
    ("社会保险、社保", "政策"),
    ("劳动合同、用工合同", "劳动关系"),
    ("网络招聘、线上招聘、云招聘", "招聘渠道"),
    ("面试、面谈", "求职技巧"),
]


def seed(apps, schema_editor):
    SynonymGroup = apps.get_model("search", "SynonymGroup")
    existing = set(SynonymGroup.objects.values_list("terms", flat=True))
    SynonymGroup.objects.bulk_create(
        SynonymGroup(terms=terms, note=note) for terms, note in GROUPS if terms not in existing
    )


class Migration(migrations.Migration):
    dependencies = [("search", "0001_synonym_group")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
