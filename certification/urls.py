from django.urls import path

from . import views

app_name = "certification"

urlpatterns = [
    path("", views.my_progression, name="progression"),
    path("apply/", views.apply, name="apply"),
    path("applications/<rowid:pk>/resubmit/", views.resubmit, name="resubmit"),
    path("applications/<rowid:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("evidence/<rowid:pk>/", views.evidence, name="evidence"),
    path("people/<rowid:user_id>/", views.counselor_progression, name="counselor"),
]
