"""The test suite's settings: nothing from `.env`, and speed over safety.

Tests run on an in-memory SQLite database, or on TEST_DATABASE_URL when it is set (CI points
it at a real PostgreSQL; pytest-django creates `test_<name>` there and drops it afterwards).
"""

from django.core.management.utils import get_random_secret_key

from app.core.logging import logging_config
from config.env import database, env
from config.settings.base import *  # noqa: F403
from config.settings.base import middleware

APP_ENV = "test"
DEBUG = False
SECRET_KEY = get_random_secret_key()
DB_POOL_SIZE = 4
DATABASES = {
    "default": database(env.str("TEST_DATABASE_URL", default="sqlite:///:memory:"), DB_POOL_SIZE)
}
# The developer's environment must not change what the tests see.
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]"]
CORS_ALLOWED_ORIGINS = []
MIDDLEWARE = middleware(cors=False)
MAX_BODY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE = 1_048_576
HSTS_SECONDS = 0
LOG_LEVEL = "INFO"
LOG_FORMAT = "plain"
LOGGING = logging_config(LOG_LEVEL, LOG_FORMAT)
# Hashing passwords slowly is a defence in production and a cost in tests.
{%- if cookiecutter.auth == "jwt" %}
PASSWORD_HASHERS = ["app.users.hashers.CheapArgon2idPasswordHasher"]
{%- else %}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
{%- endif %}
