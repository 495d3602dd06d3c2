from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetitionsConfig(AppConfig):
    """技能竞赛、金课竞赛、大学生职业规划比赛: competitions, rounds, entries, judging, rankings and prizes (layer 6)."""

    name = "competitions"
    label = "competitions"
    verbose_name = _("Competitions")
    default_auto_field = "django.db.models.BigAutoField"

    # --- compresults: judging, publicity and the fast track (the integrator merges this with compcore's ready()) --
    def ready(self):
        from . import results_hooks  # noqa: F401  (admin URLs, menu item, log actions of the results side)
        from .fast_track import register_fast_track
        from .subjects import register_subjects

        register_subjects()
        register_fast_track()
