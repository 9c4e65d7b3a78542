"""Production serving: `gunicorn -c gunicorn.conf.py`.

Settings come from the same environment (and `.env`) as the app, so PORT, WEB_CONCURRENCY and
LOG_LEVEL mean one thing everywhere. Django is a WSGI app: gthread workers serve several
requests each, so a request waiting on the database does not hold a whole worker.
"""

import multiprocessing
import os
from typing import Any

from config.env import use_environment

use_environment()

from django.conf import settings  # noqa: E402 - after the environment names the settings

wsgi_app = "config.wsgi:application"
worker_class = "gthread"
threads = 4
bind = f"0.0.0.0:{settings.PORT}"
workers = settings.WEB_CONCURRENCY or multiprocessing.cpu_count() * 2 + 1

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

# Behind a proxy, trust X-Forwarded-* only from the proxy's addresses: gunicorn then tells
# Django the request came over HTTPS (see config/settings/production.py).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Access lines go to stdout through the app's logging, tagged with the request id (gunicorn
# writes them before it closes the response, while the id is still the request's).
accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s - "%(r)s" %(s)s'
loglevel = settings.LOG_LEVEL.lower()

# Heartbeat files in memory, not on a container's (possibly slow or read-only) disk; and no
# control socket under $HOME, which a non-root container user may not be able to write.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108
control_socket_disable = True


def post_worker_init(worker: Any) -> None:
    # gunicorn's own refusals (an over-long request line, say) in the app's error shape, and
    # no Server header on any response; the worker has loaded Django by now.
    from app.core.serving import answer_refusals_as_problems, drop_server_header

    answer_refusals_as_problems()
    drop_server_header()
