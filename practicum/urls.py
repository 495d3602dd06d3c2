from django.urls import path

from . import views

app_name = "practicum"

urlpatterns = [
    path("", views.my_practice, name="mine"),
    path("<rowid:pk>/", views.placement, name="placement"),
    path("<rowid:pk>/entries/<rowid:entry_id>/delete/", views.delete_entry, name="delete_entry"),
    path("<rowid:pk>/submit/", views.submit, name="submit"),
    path("<rowid:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("sign-off/<str:token>/", views.signoff, name="signoff"),
]
