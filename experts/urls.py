from django.urls import path

from . import views

app_name = "experts"

urlpatterns = [
    path("", views.workbench, name="workbench"),
    path("seats/<rowid:pk>/", views.seat_detail, name="seat"),
    path("seats/<rowid:pk>/score/", views.seat_score, name="seat_score"),
    path("seats/<rowid:pk>/conflict/", views.seat_conflict, name="seat_conflict"),
    path("panels/<rowid:pk>/", views.panel_detail, name="panel"),
    path("panels/<rowid:pk>/resolve/", views.panel_resolve, name="panel_resolve"),
    path("panels/<rowid:pk>/fill/", views.panel_fill, name="panel_fill"),
    path("publicity/", views.publicity_list, name="publicity_list"),
    path("publicity/<rowid:pk>/", views.publicity_detail, name="publicity"),
    path("publicity/<rowid:pk>/objections/", views.objection_file, name="objection_file"),
    path("objections/<rowid:pk>/resolve/", views.objection_resolve, name="objection_resolve"),
]
