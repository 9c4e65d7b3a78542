"""Production serving: `gunicorn -c gunicorn.conf.py`.

Settings come from the same environment (and `.env`) as the app, so PORT, WEB_CONCURRENCY and
LOG_LEVEL mean one thing everywhere. Django is a WSGI app: gthread workers serve several
requests each, so a request waiting on the database does not hold a whole worker.
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

from config.env import use_environment  # noqa: E402 - after the metrics directory is set

use_environment()

from django.conf import settings  # noqa: E402 - after the environment names the settings

from app.core import metrics  # noqa: E402 - after the metrics directory is set
from app.core.sizing import default_workers  # noqa: E402 - with the app's other imports

wsgi_app = "config.wsgi:application"
worker_class = "gthread"
threads = 4
bind = f"0.0.0.0:{settings.PORT}"
# Default: (2 x CPUs) + 1, counting the CPUs a container's quota grants, not the host's.
workers = settings.WEB_CONCURRENCY or default_workers()

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
# gunicorn's logger, building only the atoms this format prints (app.core.access_log).
logger_class = "app.core.access_log.AccessLogger"
loglevel = settings.LOG_LEVEL.lower()

# Heartbeat files in memory, not on a container's (possibly slow or read-only) disk; and no
# control socket under $HOME, which a non-root container user may not be able to write.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108
control_socket_disable = True


def post_worker_init(worker: Worker) -> None:
    # gunicorn's own refusals (an over-long request line, say) in the app's error shape, and
    # no Server header on any response; the worker has loaded Django by now.
    from app.core.serving import answer_refusals_as_problems, drop_server_header

    answer_refusals_as_problems()
    drop_server_header()


def on_starting(server: Arbiter) -> None:
    # An operator's directory may hold an earlier run's files (an emptyDir volume outlives a
    # container's restarts): they would be added to this run's counts.
    metrics.clear_directory(metrics_directory)


def child_exit(server: Arbiter, worker: Worker) -> None:
    # Run by the master for every worker that exits (recycled, killed, crashed). This is where
    # prometheus-client would have `mark_process_dead` called, which only drops a dead
    # process's live gauges; there are none here, only counters and histograms, and folding
    # them into the archive keeps their totals and stops the files from piling up. (The pid is
    # an int by now; types-gunicorn says str, for the "[booting]" it starts as.)
    metrics.fold_dead_worker(metrics_directory, int(worker.pid))
