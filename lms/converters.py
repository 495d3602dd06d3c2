"""The URL converter for database ids in every app's URLs: `<rowid:name>` (registered when the project loads)."""

from django.urls import register_converter
from django.urls.converters import IntConverter


class RowIdConverter(IntConverter):
    """A database id of at most 18 digits: a longer number in a URL is a 404, never an integer overflow in the
    database (SQLite refuses integers beyond 64 bits with an error)."""

    regex = "[0-9]{1,18}"


register_converter(RowIdConverter, "rowid")
