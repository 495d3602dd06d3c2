from django.urls import path

from . import views

app_name = "awards"

urlpatterns = [
    path("nominations/<rowid:pk>/", views.nomination_dossier, name="dossier"),
]
