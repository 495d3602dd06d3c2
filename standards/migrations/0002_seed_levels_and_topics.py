"""Seed the level ladder and the topic taxonomy of DESIGN.md (idempotent: existing codes are left as edited)."""

from django.db import migrations

LEVELS = [
    # code, rank, 中文, English, grade, training hours, comprehensive review, appointed title
    ("level-5", 1, "五级职业指导师", "Career Guidance Counselor, Level 5", "初级工", 150, False, False),
    ("level-4", 2, "四级职业指导师", "Career Guidance Counselor, Level 4", "中级工", 120, False, False),
    ("level-3", 3, "三级职业指导师", "Career Guidance Counselor, Level 3", "高级工", 100, False, False),
    ("level-2", 4, "二级职业指导师", "Career Guidance Counselor, Level 2", "技师", 80, True, False),
    ("level-1", 5, "一级职业指导师", "Career Guidance Counselor, Level 1", "高级技师", 60, True, False),
    ("chief", 6, "首席职业指导师", "Chief Career Guidance Counselor", "", 0, False, True),
]

TOPICS = [
    ("POLICY", "法律法规政策咨询", "Policy consultation"),
    ("INFO", "职业供求信息", "Labour-market information"),
    ("ASSESS", "职业诊断和素质测评", "Career diagnosis and assessment"),
    ("COUNSEL", "职业咨询", "Career counselling"),
    ("PLAN", "职业生涯规划", "Career planning"),
    ("PSYCH", "就业心理调适", "Psychological adjustment"),
    ("JOBSKILL", "求职技巧", "Job-search skills"),
    ("RECRUIT", "招聘指导", "Recruitment guidance for employers"),
    ("ASSIST", "就业援助", "Employment assistance"),
    ("STARTUP", "创业指导", "Entrepreneurship guidance"),
    ("SPECIAL", "特殊群体职业指导", "Career guidance for special groups"),
    ("ETHICS", "职业道德与基础知识", "Ethics and foundations"),
]


def seed(apps, schema_editor):
    Level = apps.get_model("standards", "Level")
    Topic = apps.get_model("standards", "Topic")
    for code, rank, zh, en, grade, hours, review, appointed in LEVELS:
        Level.objects.get_or_create(
            code=code,
            defaults={
                "rank": rank,
                "name_zh": zh,
                "name_en": en,
                "grade_name": grade,
                "training_hours": hours,
                "requires_comprehensive_review": review,
                "is_appointed_title": appointed,
            },
        )
    for order, (code, zh, en) in enumerate(TOPICS, start=1):
        Topic.objects.get_or_create(code=code, defaults={"name_zh": zh, "name_en": en, "sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("standards", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
