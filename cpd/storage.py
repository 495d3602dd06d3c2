"""Certificates and evidence use the project's private storage (lms.storage); the migrations name this module."""

from lms.storage import PrivateStorage, private_storage

__all__ = ["PrivateStorage", "private_storage"]
