from django.urls import path

from . import views

app_name = "quizzes"

urlpatterns = [
    path("<rowid:quiz_id>/start/", views.start, name="start"),
    path("attempts/<rowid:attempt_id>/", views.attempt_page, name="attempt"),
    path("attempts/<rowid:attempt_id>/answer/", views.answer, name="answer"),
    path("attempts/<rowid:attempt_id>/result/", views.result, name="result"),
]
