from django.urls import path

from . import views

app_name = "chiefs"

urlpatterns = [
    path("", views.roll, name="roll"),
    path("nominate/", views.nominate_self, name="nominate"),
    path("evidence/<rowid:pk>/", views.evidence, name="evidence"),
]
