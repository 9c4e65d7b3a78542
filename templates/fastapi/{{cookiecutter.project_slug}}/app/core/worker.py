"""The gunicorn worker class (`worker_class` in gunicorn.conf.py): uvicorn-worker's, with the
uvicorn settings this app wants."""

from typing import Any

from uvicorn_worker import UvicornWorker as BaseUvicornWorker

__all__ = ["UvicornWorker"]


class UvicornWorker(BaseUvicornWorker):
    """No `Server: uvicorn` header: it tells probes which software to attack, and no forge
    skeleton sends one. uvicorn-worker passes CONFIG_KWARGS to uvicorn's Config."""

    # Declared as uvicorn-worker declares it (not a ClassVar), and only ever read.
    CONFIG_KWARGS: dict[str, Any] = {  # noqa: RUF012
        **BaseUvicornWorker.CONFIG_KWARGS,
        "server_header": False,
    }
