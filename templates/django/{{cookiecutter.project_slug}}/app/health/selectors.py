"""What the health checks read: the process's uptime and whether the database answers."""

import threading
import time
from typing import cast

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

from app.health.apps import HealthConfig

__all__ = ["READY_TIMEOUT_SECONDS", "database_status", "process_uptime"]

READY_TIMEOUT_SECONDS = 2.0


def process_uptime() -> float:
    """Seconds since this serving process started."""
    health = cast(HealthConfig, apps.get_app_config("health"))
    return time.monotonic() - health.started_at


def database_status(
    *, alias: str = DEFAULT_DB_ALIAS, timeout: float = READY_TIMEOUT_SECONDS
) -> str:
    """`ok`, `timeout`, or `unreachable (<error class>)`: a short reason for operators, never
    the URL or the driver's message, which may leak.

    The probe opens a connection of its own in a thread of its own, so that a database that
    does not answer costs the request `timeout` seconds, not the driver's own (much longer)
    wait, and so that a broken connection of this request is not what gets tested. (On
    PostgreSQL the connection comes from the worker's pool, which checks it before handing it
    out: the probe never makes the worker hold more than DB_POOL_SIZE.)
    """
    outcome: list[str] = []
    probe = threading.Thread(target=_probe, args=(alias, outcome), daemon=True)
    probe.start()
    probe.join(timeout)
    return outcome[0] if outcome else "timeout"


def _probe(alias: str, outcome: list[str]) -> None:
    connection = connections.create_connection(alias)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except (DatabaseError, OSError) as exc:
        cause = exc.__cause__ if isinstance(exc.__cause__, Exception) else exc
        outcome.append(f"unreachable ({type(cause).__name__})")
    else:
        outcome.append("ok")
    finally:
        connection.close()
