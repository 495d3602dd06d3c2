from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetitionsConfig(AppConfig):
    """技能竞赛、金课竞赛、大学生职业规划比赛: competitions, rounds, entries, judging, rankings and prizes (layer 6).

    Organizers (province admins; a city's admins for the competitions their city organizes) build competitions and
    read entries in the admin, scoped by `visible_to(user)` through the permission policies registered here."""

    name = "competitions"
    label = "competitions"
    verbose_name = _("Competitions")
    default_auto_field = "django.db.models.BigAutoField"
    role_permissions = {
        "ORG_ADMIN": [
            "competitions.view_competition", "competitions.add_competition", "competitions.change_competition",
            "competitions.view_entry", "competitions.change_entry",
        ],
        "PROVINCE_ADMIN": [
            "competitions.view_competition", "competitions.add_competition", "competitions.change_competition",
            "competitions.view_entry", "competitions.change_entry",
        ],
    }

    def ready(self):
        """Scoped permission policies, the knowledge contest's quiz host, the panel and publicity subjects, the fast
        track requirement kind, and the results board's admin hooks (URLs, menu item, log actions)."""
        from wagtail.permissions import register_permission_policy

        from quizzes import hosts as quiz_hosts

        from . import results_hooks  # noqa: F401
        from .contest import ContestPage
        from .fast_track import register_fast_track
        from .hosts import ContestHost
        from .models import Competition, Entry
        from .permissions import EntryPolicy, NoDeletePolicy
        from .subjects import register_subjects

        register_permission_policy(Competition, NoDeletePolicy(Competition))
        register_permission_policy(Entry, EntryPolicy(Entry))
        quiz_hosts.register(ContestPage, ContestHost())
        register_subjects()
        register_fast_track()
