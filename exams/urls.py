from django.urls import path

from . import views

app_name = "exams"

urlpatterns = [
    path("", views.my_exams, name="my"),
]
