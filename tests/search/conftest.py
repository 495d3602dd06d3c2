import pytest


@pytest.fixture(autouse=True)
def private_media_root(settings, tmp_path):
    """Private files (library documents) go to a temporary directory of their own."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
