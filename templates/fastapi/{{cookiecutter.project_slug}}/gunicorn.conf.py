"""Production serving: `gunicorn -c gunicorn.conf.py`.

Settings come from the same environment (and `.env`) as the app, so PORT, WEB_CONCURRENCY and
LOG_LEVEL mean one thing everywhere. uvicorn-worker's UvicornWorker (subclassed in
app/core/worker.py, which turns off uvicorn's Server header) runs the ASGI app with uvloop and
httptools; never serve with a bare `uvicorn --workers N`, whose workers stall ~40 ms on every
keep-alive request without uvloop (uvicorn issue 3149).
"""

import atexit
import os
import shutil
import tempfile

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

from app.core.config import get_settings  # noqa: E402 - after the metrics directory is set
from app.core.sizing import default_workers  # noqa: E402
from app.core.worker import UvicornWorker  # noqa: E402

settings = get_settings()

wsgi_app = "app.main:create_app()"
worker_class = "app.core.worker.UvicornWorker"
bind = f"0.0.0.0:{settings.port}"
# By default as many as the CPUs the container may use can keep busy, not the host's.
workers = settings.web_concurrency or default_workers()

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


def on_starting(server: Arbiter) -> None:
    """An operator's directory may hold an earlier run's files (a Kubernetes emptyDir outlives
    container restarts), which would be added to this run's counts."""
    from app.core import metrics

    metrics.clear_directory(metrics_directory)


def child_exit(server: Arbiter, worker: Worker) -> None:
    """A recycled or killed worker's counts go into the archive, and its files away: scrapes
    read the live workers' files and one archive, however many workers have come and gone.
    This is where prometheus-client's `mark_process_dead` belongs too, but all it does is drop
    a dead process's live gauges, and these metrics have none: folding is all they need."""
    from app.core import metrics

    # An int once forked, though typed as the "[booting]" it starts as.
    metrics.fold_dead_worker(metrics_directory, int(worker.pid))
