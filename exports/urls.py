from django.urls import path

from . import views

app_name = "exports"
urlpatterns = [
    path("<slug:token>/", views.JobView.as_view(), name="job"),
    path("<slug:token>/status/", views.JobStatusView.as_view(), name="status"),
    path("<slug:token>/download/", views.DownloadView.as_view(), name="download"),
]
