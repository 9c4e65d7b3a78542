"""The minimal apps `listing_overhead.py` measures the skeletons' listing against.

Each serves `GET /api/tasks?page=P&per_page=N` over the table the `--auth none` skeleton made and
seeded, answering the skeletons' envelope (`items` of id, title, done and created_at; `page`,
`per_page`, `total`, `pages`), and `GET /health` so the benchmark can wait for it. They are what a
developer writes from the framework's tutorial, with nothing else:

- **orm**: the framework's own stack (SQLAlchemy's async ORM for FastAPI, Flask-SQLAlchemy for
  Flask, Django's ORM with the skeleton's own DATABASES entry), one count and one page query;
- **driver**: the same two queries on the database driver directly (aiosqlite or asyncpg for
  FastAPI, sqlite3 or psycopg for the others, a connection per worker thread).

They run in the open skeleton's own environment, so every library is the version it resolved.
They read `MINIMAL_DATABASE_URL` (`sqlite:////path` or `postgresql://...`), `MINIMAL_TABLE` and,
for Django's ORM app, `MINIMAL_DJANGO_DATABASE` (the skeleton's resolved DATABASES["default"], as
JSON).
"""

from __future__ import annotations

__all__ = ["MINIMAL_LISTING_APPS"]

_FASTAPI_ORM = """\
import math
import os
from datetime import datetime

from fastapi import FastAPI
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

URL = os.environ["MINIMAL_DATABASE_URL"]
DRIVERS = {"sqlite": "sqlite+aiosqlite", "postgresql": "postgresql+asyncpg"}
scheme, _, rest = URL.partition("://")


class Base(DeclarativeBase):
    pass


class Task(Base):
    __tablename__ = os.environ["MINIMAL_TABLE"]
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str]
    done: Mapped[bool]
    created_at: Mapped[datetime]


engine = create_async_engine(f"{DRIVERS[scheme]}://{rest}")
Session = async_sessionmaker(engine, expire_on_commit=False)
app = FastAPI()


@app.get("/health")
async def health():
    return {"status": "ok"}


@app.get("/api/tasks")
async def list_tasks(page: int = 1, per_page: int = 10):
    async with Session() as session:
        total = await session.scalar(select(func.count()).select_from(Task))
        tasks = await session.scalars(
            select(Task).order_by(Task.id).offset((page - 1) * per_page).limit(per_page)
        )
        items = [
            {"id": t.id, "title": t.title, "done": t.done, "created_at": t.created_at.isoformat()}
            for t in tasks
        ]
    return {
        "items": items, "page": page, "per_page": per_page, "total": total,
        "pages": math.ceil(total / per_page),
    }
"""

_FASTAPI_DRIVER = """\
import math
import os
from contextlib import asynccontextmanager

from fastapi import FastAPI

URL = os.environ["MINIMAL_DATABASE_URL"]
TABLE = os.environ["MINIMAL_TABLE"]
SQLITE = URL.startswith("sqlite:")
COUNT = f"SELECT count(*) FROM {TABLE}"
PAGE = f"SELECT id, title, done, created_at FROM {TABLE} ORDER BY id LIMIT {{}} OFFSET {{}}"
database = {}


@asynccontextmanager
async def lifespan(_):
    if SQLITE:
        import aiosqlite

        database["sqlite"] = await aiosqlite.connect(URL.removeprefix("sqlite:///"))
    else:
        import asyncpg

        database["pool"] = await asyncpg.create_pool(URL, min_size=1, max_size=5)
    yield


app = FastAPI(lifespan=lifespan)


async def fetch(per_page, offset):
    if SQLITE:
        connection = database["sqlite"]
        async with connection.execute(COUNT) as cursor:
            (total,) = await cursor.fetchone()
        async with connection.execute(PAGE.format("?", "?"), (per_page, offset)) as cursor:
            rows = await cursor.fetchall()
        return total, [(i, t, bool(d), c) for i, t, d, c in rows]
    async with database["pool"].acquire() as connection:
        total = await connection.fetchval(COUNT)
        rows = await connection.fetch(PAGE.format("$1", "$2"), per_page, offset)
    return total, [(r[0], r[1], r[2], r[3].isoformat()) for r in rows]


@app.get("/health")
async def health():
    return {"status": "ok"}


@app.get("/api/tasks")
async def list_tasks(page: int = 1, per_page: int = 10):
    total, rows = await fetch(per_page, (page - 1) * per_page)
    items = [{"id": i, "title": t, "done": d, "created_at": c} for i, t, d, c in rows]
    return {
        "items": items, "page": page, "per_page": per_page, "total": total,
        "pages": math.ceil(total / per_page),
    }
"""

_FLASK_ORM = """\
import math
import os
from datetime import datetime

from flask import Flask, request
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import func, select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

URL = os.environ["MINIMAL_DATABASE_URL"]
DRIVERS = {"sqlite": "sqlite", "postgresql": "postgresql+psycopg"}
scheme, _, rest = URL.partition("://")


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)


class Task(db.Model):
    __tablename__ = os.environ["MINIMAL_TABLE"]
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str]
    done: Mapped[bool]
    created_at: Mapped[datetime]


app = Flask(__name__)
app.config["SQLALCHEMY_DATABASE_URI"] = f"{DRIVERS[scheme]}://{rest}"
db.init_app(app)


@app.get("/health")
def health():
    return {"status": "ok"}


@app.get("/api/tasks")
def list_tasks():
    page = request.args.get("page", 1, type=int)
    per_page = request.args.get("per_page", 10, type=int)
    total = db.session.scalar(select(func.count()).select_from(Task))
    tasks = db.session.scalars(
        select(Task).order_by(Task.id).offset((page - 1) * per_page).limit(per_page)
    )
    items = [
        {"id": t.id, "title": t.title, "done": t.done, "created_at": t.created_at.isoformat()}
        for t in tasks
    ]
    return {
        "items": items, "page": page, "per_page": per_page, "total": total,
        "pages": math.ceil(total / per_page),
    }
"""

# Shared by the Flask and Django driver apps: one connection per worker thread.
_SYNC_DRIVER = """\
import math
import os
import threading

URL = os.environ["MINIMAL_DATABASE_URL"]
TABLE = os.environ["MINIMAL_TABLE"]
SQLITE = URL.startswith("sqlite:")
MARK = "?" if SQLITE else "%s"
COUNT = f"SELECT count(*) FROM {TABLE}"
PAGE = f"SELECT id, title, done, created_at FROM {TABLE} ORDER BY id LIMIT {MARK} OFFSET {MARK}"
local = threading.local()


def connection():
    if not hasattr(local, "connection"):
        if SQLITE:
            import sqlite3

            local.connection = sqlite3.connect(URL.removeprefix("sqlite:///"))
        else:
            import psycopg

            local.connection = psycopg.connect(URL, autocommit=True)
    return local.connection


def listing(page, per_page):
    cursor = connection().cursor()
    cursor.execute(COUNT)
    (total,) = cursor.fetchone()
    cursor.execute(PAGE, (per_page, (page - 1) * per_page))
    items = [
        {"id": i, "title": t, "done": bool(d), "created_at": c if SQLITE else c.isoformat()}
        for i, t, d, c in cursor.fetchall()
    ]
    cursor.close()
    return {
        "items": items, "page": page, "per_page": per_page, "total": total,
        "pages": math.ceil(total / per_page),
    }
"""

_FLASK_DRIVER = (
    _SYNC_DRIVER
    + """

from flask import Flask, request

app = Flask(__name__)


@app.get("/health")
def health():
    return {"status": "ok"}


@app.get("/api/tasks")
def list_tasks():
    page = request.args.get("page", 1, type=int)
    return listing(page, request.args.get("per_page", 10, type=int))
"""
)

_DJANGO_SETTINGS = """\
import json
import os

import django
from django.conf import settings

settings.configure(
    DEBUG=False,
    SECRET_KEY="benchmark-only-" + "k" * 48,
    ALLOWED_HOSTS=["*"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
    DATABASES={DATABASES},
    USE_TZ=True,
)
django.setup()

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import JsonResponse  # noqa: E402
from django.urls import path  # noqa: E402


def health(request):
    return JsonResponse({"status": "ok"})
"""

_DJANGO_ORM = (
    _DJANGO_SETTINGS.replace(
        "{DATABASES}", '{"default": json.loads(os.environ["MINIMAL_DJANGO_DATABASE"])}'
    )
    + """

import math  # noqa: E402

from django.db import models  # noqa: E402


class Task(models.Model):
    title = models.CharField(max_length=200)
    done = models.BooleanField()
    created_at = models.DateTimeField()

    class Meta:
        app_label = "tasks"
        db_table = os.environ["MINIMAL_TABLE"]


def list_tasks(request):
    page = int(request.GET.get("page", 1))
    per_page = int(request.GET.get("per_page", 10))
    tasks = Task.objects.order_by("id")
    total = tasks.count()
    offset = (page - 1) * per_page
    items = [
        {"id": t.id, "title": t.title, "done": t.done, "created_at": t.created_at.isoformat()}
        for t in tasks[offset : offset + per_page]
    ]
    return JsonResponse({
        "items": items, "page": page, "per_page": per_page, "total": total,
        "pages": math.ceil(total / per_page),
    })


urlpatterns = [path("health", health), path("api/tasks", list_tasks)]
app = get_wsgi_application()
"""
)

_DJANGO_DRIVER = (
    _SYNC_DRIVER
    + "\n\n"
    + _DJANGO_SETTINGS.replace("{DATABASES}", "{}")
    + """

def list_tasks(request):
    page = int(request.GET.get("page", 1))
    return JsonResponse(listing(page, int(request.GET.get("per_page", 10))))


urlpatterns = [path("health", health), path("api/tasks", list_tasks)]
app = get_wsgi_application()
"""
)

# framework -> kind -> the source of its `minimal_app.py`
MINIMAL_LISTING_APPS: dict[str, dict[str, str]] = {
    "fastapi": {"orm": _FASTAPI_ORM, "driver": _FASTAPI_DRIVER},
    "flask": {"orm": _FLASK_ORM, "driver": _FLASK_DRIVER},
    "django": {"orm": _DJANGO_ORM, "driver": _DJANGO_DRIVER},
}
