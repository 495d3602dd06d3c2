"""Seed version 1 of the requirements of 五级 … 一级 from the facts in DESIGN.md (all editable afterwards).

Choices made where the sources say nothing: 一级 asks 二级 held for 4 years; a bachelor's degree or higher shortens
the years of practice (四级: 4 years instead of 5; 三级: 8 instead of 10); training hours come from
Level.training_hours, counted since the current level was obtained (without a level, the last 5 years); every level
asks the theory exam and the skills assessment at 60 of 100, and 二级 and 一级 the comprehensive review as well.
Idempotent: a level that already has a version is left alone.
"""

import datetime

from django.db import migrations


def _assessment(review: bool) -> dict:
    parts = ["theory", "skills", *(["review"] if review else [])]
    return {
        "mode": "all",
        "label": "考核",
        "requirements": [{"kind": "assessment", "part": part, "pass": "60"} for part in parts],
    }


def _hours() -> dict:
    return {"mode": "all", "label": "培训学时", "requirements": [{"kind": "training_hours", "window_years": 5}]}


RULES = {
    "level-5": [_hours(), _assessment(False)],
    "level-4": [
        {"mode": "any", "label": "从业年限", "requirements": [
            {"kind": "practice_years", "years": 5, "degree": "bachelor", "degree_years": 4},
            {"kind": "prior_level", "level": "level-5", "years": 3},
        ]},
        _hours(), _assessment(False),
    ],
    "level-3": [
        {"mode": "any", "label": "从业年限", "requirements": [
            {"kind": "practice_years", "years": 10, "degree": "bachelor", "degree_years": 8},
            {"kind": "prior_level", "level": "level-4", "years": 4},
        ]},
        _hours(), _assessment(False),
    ],
    "level-2": [
        {"mode": "all", "label": "原等级", "requirements": [{"kind": "prior_level", "level": "level-3", "years": 5}]},
        _hours(), _assessment(True),
    ],
    "level-1": [
        {"mode": "all", "label": "原等级", "requirements": [{"kind": "prior_level", "level": "level-2", "years": 4}]},
        _hours(), _assessment(True),
    ],
}


def seed(apps, schema_editor):
    Level = apps.get_model("standards", "Level")
    RequirementSet = apps.get_model("certification", "RequirementSet")
    for code, groups in RULES.items():
        level = Level.objects.filter(code=code).first()
        if level is None or RequirementSet.objects.filter(level=level).exists():
            continue
        RequirementSet.objects.create(
            level=level, version=1, effective_from=datetime.date(2024, 1, 1), rules={"groups": groups},
            note="初始版本（依据《关于加强职业指导队伍建设的指导意见》及国家职业技能标准）",
        )


class Migration(migrations.Migration):
    dependencies = [
        ("certification", "0002_requirements_rounds_applications"),
        ("standards", "0002_seed_levels_and_topics"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
