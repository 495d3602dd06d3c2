from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

QUESTION_PERMISSIONS = ["quizzes.add_question", "quizzes.change_question", "quizzes.view_question"]
GRADING_PERMISSIONS = ["quizzes.view_attempt", "quizzes.change_attempt"]


class QuizzesConfig(AppConfig):
    name = "quizzes"
    label = "quizzes"
    verbose_name = _("Quizzes")
    default_auto_field = "django.db.models.BigAutoField"
    # Role (by Role member name) -> permissions this app grants it; people.roles collects these from every app.
    # Trainers author their own questions and grade the attempts of the courses they teach; province admins
    # manage every question. Quizzes themselves are pages: their rights come from the course team's page grants.
    role_permissions = {
        "TRAINER": [*QUESTION_PERMISSIONS, *GRADING_PERMISSIONS],
        "PROVINCE_ADMIN": [*QUESTION_PERMISSIONS, "quizzes.delete_question", *GRADING_PERMISSIONS],
    }

    def ready(self):
        from wagtail.permissions import register_permission_policy

        from . import hosts
        from .models import Attempt, Question, QuizPage
        from .permissions import AttemptPermissionPolicy, QuestionPermissionPolicy

        hosts.register(QuizPage, hosts.CourseHost())
        register_permission_policy(Question, QuestionPermissionPolicy(Question))
        register_permission_policy(Attempt, AttemptPermissionPolicy(Attempt))
