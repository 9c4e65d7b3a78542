"""Production serving: `gunicorn -c gunicorn.conf.py`.

Settings come from the same environment (and `.env`) as the app, so PORT, WEB_CONCURRENCY and
LOG_LEVEL mean one thing everywhere. Flask is a WSGI app: gthread workers serve each request in
a thread, so a worker holding requests that wait on the database still serves others.
"""

import atexit
import os
import shutil
import tempfile
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gunicorn.arbiter import Arbiter
    from gunicorn.workers.base import Worker

# Each worker writes its metrics to files in this directory and /metrics adds them up
# (app/core/metrics.py). prometheus-client reads the variable when it is first imported, and
# workers are forked from this master: so it is set here, before anything imports the app. An
# operator may name a directory of their own (an in-memory volume in a container); otherwise
# this master makes a fresh one. gunicorn runs this file again on SIGHUP, in the same master,
# which keeps its directory; a new master started by SIGUSR2 inherits the old one's environment
# and makes its own (the old one's would go when the old master exits).
METRICS_DIRECTORY = "PROMETHEUS_MULTIPROC_DIR"
METRICS_DIRECTORY_MADE_BY = "PROMETHEUS_MULTIPROC_DIR_MADE_BY"  # the pid of that master


def _remove_metrics_directory(directory: str, master: int) -> None:
    # Workers run the exit handlers they inherit from the master too: only the master removes.
    if os.getpid() == master:
        shutil.rmtree(directory, ignore_errors=True)


_made_by = os.environ.get(METRICS_DIRECTORY_MADE_BY)
if not os.environ.get(METRICS_DIRECTORY) or _made_by not in (None, str(os.getpid())):
    os.environ[METRICS_DIRECTORY] = tempfile.mkdtemp(prefix="metrics-")
    os.environ[METRICS_DIRECTORY_MADE_BY] = str(os.getpid())
    # Removed at exit, however the master exits: gunicorn's on_exit hook does not run when it
    # stops before serving (a refused setting, a port in use).
    atexit.register(_remove_metrics_directory, os.environ[METRICS_DIRECTORY], os.getpid())
metrics_directory = os.environ[METRICS_DIRECTORY]

# Only now the app's modules, which import prometheus-client.
from app.core import metrics  # noqa: E402
from app.core.config import get_settings  # noqa: E402
from app.core.serving import answer_refusals_as_problems, drop_server_header  # noqa: E402
from app.core.sizing import default_workers  # noqa: E402

settings = get_settings()

wsgi_app = "app:create_app()"
worker_class = "gthread"
# Threads per worker: requests a worker serves at once. Raise it for handlers that mostly wait
# (on the database, on other services), lower it for ones that mostly compute; DB_POOL_SIZE
# follows it, as each thread holds at most one database connection.
threads = 4
bind = f"0.0.0.0:{settings.port}"
# By default (2 x CPUs) + 1, counting the CPUs of the container's quota, not the host's.
workers = settings.web_concurrency or default_workers()

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
logger_class = "app.core.access_log.AccessLogger"

# Heartbeat files in memory, not on a container's (possibly slow or read-only) disk; and no
# control socket under $HOME, which a non-root container user may not be able to write.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108
control_socket_disable = True


def on_starting(server: "Arbiter") -> None:
    # An operator's directory may hold an earlier run's files (an emptyDir outlives the
    # restarts of its container's processes), which would be added to this run's counts.
    metrics.clear_directory(metrics_directory)


def post_worker_init(worker: "Worker") -> None:
    # gunicorn's own refusals (an over-long request line, say) in the app's error shape, and
    # no Server header naming the software.
    answer_refusals_as_problems(settings.hsts_seconds)
    drop_server_header()


def child_exit(server: "Arbiter", worker: "Worker") -> None:
    # A recycled or crashed worker's counts go into the archive, so that totals never drop and
    # scrapes do not read one more set of files per worker that ever lived. This is what
    # prometheus-client's `mark_process_dead` is for, which only removes live gauges' files:
    # with no live gauges here, folding is all there is to do.
    # (The stubs type `pid` as the "[booting]" it holds before the fork: here it is the pid.)
    metrics.fold_dead_worker(metrics_directory, int(worker.pid))
