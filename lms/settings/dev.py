"""Development: the embedded default for `make run` (SQLite, local-memory cache, eager Celery, console e-mail)."""

from .base import *  # noqa: F403
from .base import env, env_bool

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env("SECRET_KEY", "dev-only-insecure-key-never-used-in-production")
# Demo logins work without opening a verification e-mail; production keeps verification mandatory.
ACCOUNT_EMAIL_VERIFICATION = env("ACCOUNT_EMAIL_VERIFICATION", "optional")
# Static files straight from the app and project folders, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# The ledger's covering index (cpd, INCLUDE hours and category) serves PostgreSQL; SQLite builds it without the
# included columns and says so at every command.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
