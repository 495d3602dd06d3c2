from django.urls import path

from . import views

app_name = "library"

urlpatterns = [
    path("", views.index, name="index"),
    path("files/<rowid:attachment_id>/", views.download, name="download"),
    path("bookmarks/", views.my_bookmarks, name="bookmarks"),
    path("bookmarks/<rowid:page_id>/", views.toggle_bookmark, name="bookmark"),
]
