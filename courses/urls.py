from django.urls import path

from . import views

app_name = "courses"

urlpatterns = [
    path("", views.my_learning, name="my_learning"),
    path("catalogue/", views.catalogue_redirect, name="catalogue"),
    path("courses/<rowid:course_id>/enroll/", views.enroll, name="enroll"),
    path("enrollments/<rowid:enrollment_id>/withdraw/", views.withdraw, name="withdraw"),
    path("lessons/<rowid:lesson_id>/done/", views.lesson_done, name="lesson_done"),
]
