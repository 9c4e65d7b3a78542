"""The minimal apps benchmarks/health_overhead.py serves beside each skeleton: one `/health`
route each, answering the same JSON, with nothing else."""

__all__ = ["MINIMAL_APPS", "MINIMAL_REQUIREMENTS"]

# What the minimal app needs per framework; each is pinned to the skeleton's resolved version.
MINIMAL_REQUIREMENTS = {
    "fastapi": ["fastapi", "uvicorn[standard]", "uvicorn-worker", "gunicorn"],
    "flask": ["flask", "gunicorn"],
    "django": ["django", "gunicorn"],
}

MINIMAL_APPS = {
    "fastapi": '''\
"""Minimal FastAPI app for benchmarks/health_overhead.py: one route, nothing else."""

import time

from fastapi import FastAPI

STARTED = time.monotonic()
app = FastAPI()


@app.get("/health")
async def health():
    return {{"status": "ok", "uptime": time.monotonic() - STARTED, "version": {version!r}}}
''',
    "flask": '''\
"""Minimal Flask app for benchmarks/health_overhead.py: one route, nothing else."""

import time

from flask import Flask

STARTED = time.monotonic()
app = Flask(__name__)


@app.get("/health")
def health():
    return {{"status": "ok", "uptime": time.monotonic() - STARTED, "version": {version!r}}}
''',
    "django": '''\
"""Minimal Django app for benchmarks/health_overhead.py: one view, no middleware, no apps."""

import time

from django.conf import settings

settings.configure(
    DEBUG=False,
    SECRET_KEY={secret!r},
    ALLOWED_HOSTS=["*"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
    DATABASES={{}},
    USE_TZ=True,
)

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import JsonResponse  # noqa: E402
from django.urls import path  # noqa: E402

STARTED = time.monotonic()


def health(request):
    return JsonResponse(
        {{"status": "ok", "uptime": time.monotonic() - STARTED, "version": {version!r}}}
    )


urlpatterns = [path("health", health)]
app = get_wsgi_application()
''',
}
