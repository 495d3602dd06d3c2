from django.urls import path

from . import views

app_name = "evaluations"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("peers/<rowid:participant_id>/choose/", views.choose_peer, name="choose_peer"),
    path("peer/<rowid:assignment_id>/", views.peer, name="peer"),
    path("e/<slug:share_key>/", views.respond, name="respond"),
    path("e/<slug:share_key>/society/", views.respond_society, name="respond_society"),
    path("submit/", views.submit, name="submit"),
    path("thanks/", views.thanks, name="thanks"),
    path("society/", views.society_directory, name="society"),
]
