from django.urls import path

from . import views

app_name = "workshops"
urlpatterns = [
    path("calendar/", views.calendar_page, name="calendar"),
    path("my/", views.mine, name="mine"),
    path("my/<rowid:registration_id>/", views.registration_detail, name="registration"),
    path("my/<rowid:registration_id>/cancel/", views.cancel, name="cancel"),
    path("my/<rowid:registration_id>/feedback/", views.feedback, name="feedback"),
    path("my/calendar/regenerate/", views.regenerate_feed, name="regenerate_feed"),
    path("my/calendar/revoke/", views.revoke_feed, name="revoke_feed"),
    path("feed/<slug:token>.ics", views.feed, name="feed"),
    path("sessions/<rowid:session_id>.ics", views.session_ics, name="session_ics"),
    path("sessions/<rowid:session_id>/register/", views.register, name="register"),
    path("sessions/<rowid:session_id>/roster/", views.roster_page, name="roster"),
    path("sessions/<rowid:session_id>/roster.xlsx", views.roster_xlsx, name="roster_xlsx"),
    path("sessions/<rowid:session_id>/attendance/", views.mark, name="mark"),
    path("sessions/<rowid:session_id>/credit/", views.record_credit, name="record_credit"),
    path("check-in/", views.check_in, name="check_in"),
]
