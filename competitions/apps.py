from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetitionsConfig(AppConfig):
    """技能竞赛、金课竞赛、大学生职业规划比赛: competitions, rounds, entries, judging, rankings and prizes (layer 6)."""

    name = "competitions"
    label = "competitions"
    verbose_name = _("Competitions")
    default_auto_field = "django.db.models.BigAutoField"
