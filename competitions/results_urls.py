"""Admin URLs of the results board, mounted under /admin/competitions/results/ by competitions.results_hooks."""

from django.urls import path

from . import results_views

urlpatterns = [
    path("", results_views.round_list, name="competitions_results"),
    path("round/<int:pk>/", results_views.board, name="competitions_results_board"),
    path("round/<int:pk>/data.json", results_views.board_data, name="competitions_results_board_data"),
    path("round/<int:pk>/<slug:action>/", results_views.board_action, name="competitions_results_action"),
]
