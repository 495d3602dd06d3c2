from django.urls import path

from . import views

app_name = "competitions"

urlpatterns = [
    path("", views.competition_list, name="list"),
    path("mine/", views.mine, name="mine"),
    path("<rowid:pk>/", views.competition_detail, name="detail"),
    path("<rowid:pk>/register/", views.register, name="register"),
    path("entries/<rowid:pk>/", views.entry_detail, name="entry"),
    path("entries/<rowid:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("materials/<rowid:pk>/", views.material, name="material"),
]
