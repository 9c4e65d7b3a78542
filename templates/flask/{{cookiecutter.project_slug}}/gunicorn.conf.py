"""Production serving: `gunicorn -c gunicorn.conf.py`.

Settings come from the same environment (and `.env`) as the app, so PORT, WEB_CONCURRENCY and
LOG_LEVEL mean one thing everywhere. Flask is a WSGI app: gthread workers serve each request in
a thread, so a worker holding requests that wait on the database still serves others.
"""

import multiprocessing
import os
from typing import Any

from app.core.config import get_settings
from app.core.serving import answer_refusals_as_problems, drop_server_header

settings = get_settings()

wsgi_app = "app:create_app()"
worker_class = "gthread"
# Threads per worker: requests a worker serves at once. Raise it for handlers that mostly wait
# (on the database, on other services), lower it for ones that mostly compute.
threads = 4
bind = f"0.0.0.0:{settings.port}"
workers = settings.web_concurrency or multiprocessing.cpu_count() * 2 + 1

# A worker silent for `timeout` seconds is killed and replaced; on SIGTERM or SIGHUP workers
# get `graceful_timeout` seconds to finish the requests they hold.
timeout = 30
graceful_timeout = 30
keepalive = 5
# gunicorn's largest request line (its default, 4094, refuses long query strings before the
# app sees them); longer ones get a 414 problem, as in every forge skeleton.
limit_request_line = 8190
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
# The time, level and request id are the log line's own fields; the message reads as uvicorn's,
# so access lines look alike in every forge skeleton.
access_log_format = '%(h)s:%({remote_port}e)s - "%(r)s" %(s)s'
errorlog = "-"
loglevel = settings.log_level.lower()
logger_class = "app.core.logging.GunicornLogger"

# Heartbeat files in memory, not on a container's (possibly slow or read-only) disk; and no
# control socket under $HOME, which a non-root container user may not be able to write.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108
control_socket_disable = True


def post_worker_init(worker: Any) -> None:
    # gunicorn's own refusals (an over-long request line, say) in the app's error shape, and
    # no Server header naming the software.
    answer_refusals_as_problems(settings.hsts_seconds)
    drop_server_header()
