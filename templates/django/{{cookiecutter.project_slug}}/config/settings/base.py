"""Settings every environment shares. Values come only from the environment (see config.env);
the modules beside this one change what differs per APP_ENV and nothing else."""

import django_stubs_ext

from app import __title__, __version__
from app.core.logging import LOG_FORMATS, LOG_LEVELS, logging_config
from config.env import BASE_DIR, check_choice, check_range, env

# Django's generic classes take the type arguments the type checker reads (`ModelAdmin[Task]`,
# a model field's value types) at run time too.
django_stubs_ext.monkeypatch()

DEBUG = False
# Empty here, so that nothing runs on a key nobody chose: each environment decides.
SECRET_KEY = env.str("SECRET_KEY", default="")
# Host names the server answers for (a 400 for any other); behind a proxy, the public ones.
ALLOWED_HOSTS = env.comma_list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # Before staticfiles, so that `runserver` serves static files the way production does.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "corsheaders",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "app.health",
    "app.tasks",
    "app.users",
]

# Comma-separated origins allowed by CORS; none (the default) leaves CORS off altogether.
CORS_ALLOWED_ORIGINS = env.comma_list("CORS_ORIGINS", default=[])
CORS_ALLOW_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
CORS_ALLOW_HEADERS = ("content-type", "x-request-id")
CORS_EXPOSE_HEADERS = ("location", "x-request-id")


def middleware(*, cors: bool) -> list[str]:
    """Outermost first: the metrics see every answer as it leaves; the request id and the
    security headers wrap everything else, so that even a 500 carries them."""
    return [
        "app.core.middleware.MetricsMiddleware",
        "app.core.middleware.RequestIdMiddleware",
        "app.core.middleware.SecurityHeadersMiddleware",
        "django.middleware.security.SecurityMiddleware",
        *(["corsheaders.middleware.CorsMiddleware"] if cors else []),
        "app.api.middleware.ProblemResponseMiddleware",
        "app.core.middleware.StaticFilesMiddleware",
        "app.api.middleware.BodySizeLimitMiddleware",
        # The admin's sessions, signed-in user and messages, for its requests only.
        "app.core.admin_middleware.AdminSessionMiddleware",
        "django.middleware.common.CommonMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
        "app.core.admin_middleware.AdminAuthenticationMiddleware",
        "app.core.admin_middleware.AdminMessageMiddleware",
    ]


MIDDLEWARE = middleware(cors=bool(CORS_ALLOWED_ORIGINS))

ROOT_URLCONF = "config.urls"
# Where the admin is served (config.urls); its middleware runs for these paths only.
ADMIN_URL = "admin/"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# DATABASES is each environment's: development and production read DATABASE_URL
# (config.env.database_url), the tests their own database.
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A custom user model from day one: switching to one later means rewriting migrations.
AUTH_USER_MODEL = "users.User"
{%- if cookiecutter.auth == "jwt" %}
# Argon2id at argon2-cffi's default cost (app.users.hashers); a hash made otherwise is made
# again at the next successful login.
PASSWORD_HASHERS = ["app.users.hashers.Argon2idPasswordHasher"]
{%- endif %}
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# The admin's and Swagger UI's assets, served by WhiteNoise from the same process. After
# `collectstatic` (the Dockerfile runs it) they come from STATIC_ROOT, compressed; without it,
# straight from the installed apps: a checkout serves them in production too.
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = not STATIC_ROOT.is_dir()

# Strict-Transport-Security's max-age, on every response (app.core.middleware); 0: none. Only
# browsers that reached the site over HTTPS heed it: set it once HTTPS works.
HSTS_SECONDS = check_range("HSTS_SECONDS", env.int("HSTS_SECONDS", default=0), 0)

# Largest accepted request body, in bytes: 413 beyond (app.api.middleware).
MAX_BODY_SIZE = check_range("MAX_BODY_SIZE", env.int("MAX_BODY_SIZE", default=1_048_576), 1)
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_BODY_SIZE

# Where gunicorn.conf.py reads its port and worker count, so they mean one thing everywhere.
PORT = check_range("PORT", env.int("PORT", default=8000), 1, 65535)
WEB_CONCURRENCY = env.optional_int("WEB_CONCURRENCY")
if WEB_CONCURRENCY is not None:
    check_range("WEB_CONCURRENCY", WEB_CONCURRENCY, 1)
# On PostgreSQL, the most connections one worker holds (config.env.database); by default one
# for each of its 4 threads. Every worker of every instance holds its own: the README sizes them
# against the server's max_connections.
DB_POOL_SIZE = check_range("DB_POOL_SIZE", env.int("DB_POOL_SIZE", default=4), 1)

LOG_LEVEL = check_choice("LOG_LEVEL", env.str("LOG_LEVEL", default="INFO").upper(), LOG_LEVELS)
# json or plain; production defaults to json.
LOG_FORMAT = check_choice("LOG_FORMAT", env.str("LOG_FORMAT", default="plain"), LOG_FORMATS)
LOGGING = logging_config(LOG_LEVEL, LOG_FORMAT)
{%- if cookiecutter.auth == "jwt" %}

# Users and tokens (app.users): access tokens are JWTs signed with SECRET_KEY.
ACCESS_TOKEN_MINUTES = check_range(
    "ACCESS_TOKEN_MINUTES", env.int("ACCESS_TOKEN_MINUTES", default=15), 1
)
REFRESH_TOKEN_DAYS = check_range("REFRESH_TOKEN_DAYS", env.int("REFRESH_TOKEN_DAYS", default=30), 1)
# false: POST /api/auth/register answers 403; accounts come from `createsuperuser` and the admin.
ALLOW_REGISTRATION = env.bool("ALLOW_REGISTRATION", default=True)

# A JSON API for any client: bearer tokens only, no session authentication, so DRF's views are
# exempt from CSRF (cookies authenticate nothing there; the admin keeps its session sign-in and
# the middleware for its forms). Every operation needs an access token but the public ones
# (app.api.views.PublicApiView: health and /api/auth), which the document marks as such.
{%- else %}

# A JSON API for any client: no session authentication, so DRF's views are exempt from CSRF
# (cookies authenticate nothing there); the middleware stays on for the admin's forms. No
# authentication and no permission checks: every operation is open, and the document says
# nothing of security (AllowAny would add an anonymous `security: [{}]` to each operation).
{%- endif %}
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["app.api.parsers.JSONObjectParser"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "app.api.parsers.JSONOnlyNegotiation",
{%- if cookiecutter.auth == "jwt" %}
    "DEFAULT_AUTHENTICATION_CLASSES": ["app.users.authentication.BearerAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
{%- else %}
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": [],
{%- endif %}
    "UNAUTHENTICATED_USER": None,
    "EXCEPTION_HANDLER": "app.api.errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "app.api.schema.AutoSchema",
    "URL_FORMAT_OVERRIDE": None,
}
CSRF_FAILURE_VIEW = "app.api.errors.csrf_failure"

# The document every forge skeleton serves (app.api.schema does the rest): OpenAPI 3.1, enums
# inline in the fields that have them rather than components of their own.
SPECTACULAR_SETTINGS = {
    "TITLE": __title__,
    "VERSION": __version__,
    "OAS_VERSION": "3.1.0",
    "POSTPROCESSING_HOOKS": [],
    "ENUM_GENERATE_CHOICE_DESCRIPTION": False,
    "SERVE_INCLUDE_SCHEMA": False,
{%- if cookiecutter.auth == "jwt" %}
    # The document and Swagger UI are open to all, whatever Authorization header comes along.
    "SERVE_AUTHENTICATION": [],
{%- endif %}
    # Swagger UI from the drf-spectacular-sidecar package: no third-party CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # PATCH has a serializer of its own (TaskPatch), not a "Patched" copy of another one.
    "COMPONENT_SPLIT_PATCH": False,
}
