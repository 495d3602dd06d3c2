from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExamsConfig(AppConfig):
    name = "exams"
    label = "exams"
    verbose_name = _("Level exams")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from quizzes import hosts

        from .models import ExamPage
        from .services import ExamHost

        hosts.register(ExamPage, ExamHost())
