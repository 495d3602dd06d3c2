from django.urls import path

from . import views

app_name = "studios"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("<rowid:pk>/", views.detail, name="detail"),
    path("mine/", views.mine, name="mine"),
    path("mine/<rowid:pk>/details/", views.edit_details, name="edit_details"),
    path("mine/<rowid:pk>/assess/", views.start, name="start"),
    path("assessments/<rowid:pk>/", views.assessment, name="assessment"),
    path("evidence/<rowid:pk>/", views.evidence, name="evidence"),
    path("evidence/<rowid:pk>/remove/", views.remove_evidence, name="remove_evidence"),
]
