import pytest

from tests.courses.conftest import catalogue, make_course  # noqa: F401  (course builders, for the search leak tests)


@pytest.fixture(autouse=True)
def private_media_root(settings, tmp_path):
    """Private files (library documents) go to a temporary directory of their own."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
