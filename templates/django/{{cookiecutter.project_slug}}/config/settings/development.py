"""Local development: debug on, no secret required."""

from django.core.management.utils import get_random_secret_key

from config.env import database, database_url
from config.settings.base import *  # noqa: F403
from config.settings.base import DB_POOL_SIZE, SECRET_KEY

APP_ENV = "development"
DEBUG = True
# Without SECRET_KEY (in `.env`, say), a new one each start: admin sessions end on restart.
SECRET_KEY = SECRET_KEY or get_random_secret_key()
DATABASES = {"default": database(database_url(), DB_POOL_SIZE)}
