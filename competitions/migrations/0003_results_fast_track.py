"""The level rules name the fast track: a new requirement version for 三级 and 二级 in which the years/prior-level
group gains an alternative, a first prize in the final of the provincial skills competition (requirement kind
`competition_prize`, competitions.fast_track).

Why these two levels: they are the levels a skills competition's winners are typically short of by years (三级 asks
10 years of practice or 四级 held 4 years; 二级 三级 held 5 years); 四级/五级 are reachable quickly anyway, and 一级
stays reserved to long practice plus the comprehensive review. The training hours and the assessment are unchanged:
the prize replaces the waiting, not the exam.

The new version copies the version in force (the newest one) and adds the alternative; it takes effect on
2026-01-01 (decisions before that day keep their version). The 二级 group "原等级" becomes "any one of". Idempotent:
a level whose newest version already names the kind is left alone. Reversing removes the versions it made.
"""

import copy
import datetime

from django.db import migrations

LEVELS = ("level-3", "level-2")
NOTE = "增加快速通道：省级职业指导技能竞赛决赛一等奖（competition_prize）"
FAST_TRACK = {"kind": "competition_prize", "competition": "skills", "prize": "first", "final": True,
              "provincial": True}
EFFECTIVE = datetime.date(2026, 1, 1)


def _years_group(groups: list) -> dict | None:
    for group in groups:
        kinds = {spec.get("kind") for spec in group.get("requirements", [])}
        if kinds & {"practice_years", "prior_level"}:
            return group
    return None


def add_fast_track(apps, schema_editor):
    Level = apps.get_model("standards", "Level")
    RequirementSet = apps.get_model("certification", "RequirementSet")
    for code in LEVELS:
        level = Level.objects.filter(code=code).first()
        if level is None:
            continue
        newest = RequirementSet.objects.filter(level=level).order_by("-version").first()
        if newest is None:
            continue
        rules = copy.deepcopy(newest.rules or {})
        groups = rules.get("groups", [])
        if any(spec.get("kind") == "competition_prize" for group in groups for spec in group.get("requirements", [])):
            continue
        group = _years_group(groups)
        if group is None:
            continue
        group["mode"] = "any"
        group["requirements"] = [*group.get("requirements", []), dict(FAST_TRACK)]
        RequirementSet.objects.create(
            level=level, version=newest.version + 1, effective_from=max(EFFECTIVE, newest.effective_from),
            rules=rules, note=NOTE,
        )


def remove_fast_track(apps, schema_editor):
    RequirementSet = apps.get_model("certification", "RequirementSet")
    RequirementSet.objects.filter(level__code__in=LEVELS, note=NOTE).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("competitions", "0002_results_progress"),
        ("competitions", "0002_core_contest_and_registration"),  # also merges the two halves' 0002 leaves
        ("certification", "0004_round_rubrics"),
    ]

    operations = [migrations.RunPython(add_fast_track, remove_fast_track)]
