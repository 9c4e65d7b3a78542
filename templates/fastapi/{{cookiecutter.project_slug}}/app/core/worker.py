"""The gunicorn worker class (`worker_class` in gunicorn.conf.py): uvicorn-worker's, with the
uvicorn settings this app wants."""

from typing import Any, ClassVar

from uvicorn_worker import UvicornWorker as BaseUvicornWorker

__all__ = ["UvicornWorker"]


class UvicornWorker(BaseUvicornWorker):
    """No `Server: uvicorn` header: it tells probes which software to attack, and no forge
    skeleton sends one. uvicorn-worker passes CONFIG_KWARGS to uvicorn's Config."""

    CONFIG_KWARGS: ClassVar[dict[str, Any]] = {
        **BaseUvicornWorker.CONFIG_KWARGS,
        "server_header": False,
    }
