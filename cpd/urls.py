from django.urls import path

from . import views

app_name = "cpd"
urlpatterns = [
    path("", views.my_cpd, name="my_cpd"),
    path("claims/", views.my_claims, name="claims"),
    path("claims/new/", views.claim_new, name="claim_new"),
    path("claims/<rowid:pk>/", views.claim_detail, name="claim_detail"),
    path("claims/<rowid:pk>/resubmit/", views.claim_resubmit, name="claim_resubmit"),
    path("claims/evidence/<rowid:pk>/", views.claim_evidence, name="claim_evidence"),
    path("verify/<str:code>/", views.verify, name="verify"),
    path("certificates/<rowid:pk>/pdf/", views.certificate_pdf, name="certificate_pdf"),
    path("transcript/<rowid:period_id>.csv", views.my_transcript, {"fmt": "csv"}, name="transcript_csv"),
    path("transcript/<rowid:period_id>.pdf", views.my_transcript, {"fmt": "pdf"}, name="transcript_pdf"),
    path("transcript/<rowid:period_id>/<rowid:user_id>.csv", views.transcript_for, {"fmt": "csv"},
         name="transcript_for_csv"),
    path("transcript/<rowid:period_id>/<rowid:user_id>.pdf", views.transcript_for, {"fmt": "pdf"},
         name="transcript_for_pdf"),
]
