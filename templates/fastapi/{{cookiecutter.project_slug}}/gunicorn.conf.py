"""Production serving: `gunicorn -c gunicorn.conf.py`.

Settings come from the same environment (and `.env`) as the app, so PORT, WEB_CONCURRENCY and
LOG_LEVEL mean one thing everywhere. uvicorn-worker's UvicornWorker (subclassed in
app/core/worker.py, which turns off uvicorn's Server header) runs the ASGI app with uvloop and
httptools; never serve with a bare `uvicorn --workers N`, whose workers stall ~40 ms on every
keep-alive request without uvloop (uvicorn issue 3149).
"""

import multiprocessing
import os

from app.core.config import get_settings
from app.core.worker import UvicornWorker

settings = get_settings()

wsgi_app = "app.main:create_app()"
worker_class = "app.core.worker.UvicornWorker"
bind = f"0.0.0.0:{settings.port}"
workers = settings.web_concurrency or multiprocessing.cpu_count() * 2 + 1

# A worker silent for `timeout` seconds is killed and replaced; on SIGTERM or SIGHUP workers
# get `graceful_timeout` seconds to finish the requests they hold.
timeout = 30
graceful_timeout = 30
keepalive = 5
# Recycling workers now and then bounds the damage of a slow leak. Workers share the load
# evenly, so they reach a limit together: a wide jitter keeps them from restarting at once and
# leaving nobody to serve while they boot (with 1000 +/- 100, a busy pair restarted together
# every few seconds and dropped requests: benchmarks/health_overhead.py).
max_requests = 20000
max_requests_jitter = 10000

# Behind a proxy, trust X-Forwarded-* only from the proxy's addresses.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Access lines go to stdout through the app's logging, tagged with the request id.
accesslog = "-"
errorlog = "-"
loglevel = settings.log_level.lower()

# Heartbeat files in memory, not on a container's (possibly slow or read-only) disk; and no
# control socket under $HOME, which a non-root container user may not be able to write.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108
control_socket_disable = True


def post_worker_init(worker: UvicornWorker) -> None:
    """Stopping workers answer requests already sent to them instead of resetting them."""
    from app.core.draining import DrainingHttpToolsProtocol

    worker.config.http = DrainingHttpToolsProtocol
