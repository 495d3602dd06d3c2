from django.urls import path

from . import views

app_name = "courses"

urlpatterns = [
    path("", views.my_learning, name="my_learning"),
    path("catalogue/", views.catalogue_redirect, name="catalogue"),
    path("courses/<int:course_id>/enroll/", views.enroll, name="enroll"),
    path("enrollments/<int:enrollment_id>/withdraw/", views.withdraw, name="withdraw"),
    path("lessons/<int:lesson_id>/done/", views.lesson_done, name="lesson_done"),
]
