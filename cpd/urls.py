from django.urls import path

from . import views

app_name = "cpd"
urlpatterns = [
    path("", views.my_cpd, name="my_cpd"),
]
