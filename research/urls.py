from django.urls import path

from . import views

app_name = "research"

urlpatterns = [
    path("", views.project_list, name="list"),
    path("new/", views.propose, name="propose"),
    path("<rowid:pk>/", views.project, name="project"),
    path("<rowid:pk>/<slug:action>/", views.act, name="act"),
]
