"""The access line app/core/access_log.py writes for less work is the one gunicorn's Logger
writes, through the app's formatters (tests/test_log_format.py checks those)."""

import ast
import json
import socket
from collections.abc import Iterator, MutableMapping
from datetime import timedelta
from pathlib import Path
from typing import Any, Literal

import pytest
from gunicorn.config import Config
from gunicorn.glogging import Logger
from gunicorn.http import wsgi
from gunicorn.http.message import Request
from gunicorn.http.unreader import IterUnreader

from app.core.access_log import AccessLogger
from app.core.logging import configure_logging, request_id_var


def _skeleton_format() -> str:
    """The access_log_format gunicorn.conf.py sets (read, not run: running it starts things)."""
    source = (Path(__file__).parents[1] / "gunicorn.conf.py").read_text()
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign) and ast.unparse(node.targets[0]) == "access_log_format":
            return str(ast.literal_eval(node.value))
    raise AssertionError("gunicorn.conf.py sets no access_log_format")


ACCESS_FORMATS = {
    "skeleton": _skeleton_format(),
    "every-kind": '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(m)s %(U)s %(q)s %(H)s %(b)s %(B)s '
    '"%(f)s" "%(a)s" %(T)s %(D)s %(M)s %(L)s %(p)s %({user-agent}i)s %({Content-Type}o)s '
    "%({X-REQUEST-ID}O)s %({raw_uri}e)s %({REMOTE_ADDR}e)s %(x)s %({x}e)s %({x}z)s 100%% %(h)-9s|",
    "positional": "%s",  # the dict of every atom: gunicorn's own path writes it
}


# What gunicorn hands `access`, besides the time the request took.
Served = tuple[wsgi.Response, Request, MutableMapping[str, Any]]


@pytest.fixture
def served() -> Iterator[Served]:
    """A request and its response as a gunicorn worker hands them to `access`."""
    config = Config()
    head = (
        b'GET /health?q="x" HTTP/1.1\r\nHost: a\r\nUser-Agent: "probe"\r\n'
        b"Authorization: Basic dXNlcjpwYXNz\r\nUser-Agent: second\r\n\r\n"
    )
    request = Request(config, IterUnreader([head]), ("127.0.0.1", 5000))
    with socket.socket() as unused:
        response, environ = wsgi.create(request, unused, ("127.0.0.1", 5000), "a:80", config)
        response.start_response(
            "200 OK",
            [("Content-Type", "application/json"), ("x-request-id", "served-1")],
        )
        response.sent = 2
        yield response, request, environ


def _access_lines(
    logger_class: type[Logger],
    access_log_format: str,
    fmt: Literal["json", "plain"],
    served: Served,
    capsys: pytest.CaptureFixture[str],
) -> list[str]:
    config = Config()
    config.set("accesslog", "-")
    config.set("access_log_format", access_log_format)
    logger = logger_class(config)
    configure_logging("INFO", fmt)  # as in a worker: gunicorn's loggers first, then the app's
    try:
        logger.access(*served, timedelta(seconds=1, microseconds=2500))
    finally:
        configure_logging("INFO", "plain")
    return capsys.readouterr().out.splitlines()


def _untimed(line: str, fmt: str) -> str:
    # Two calls are not stamped at the same moment: the time is the formatters' (below).
    return line.split(", ", 1)[1] if fmt == "json" else line.split(" ", 2)[2]


@pytest.mark.parametrize("fmt", ["json", "plain"])
@pytest.mark.parametrize("access_log_format", ACCESS_FORMATS.values(), ids=ACCESS_FORMATS)
def test_the_access_line_is_the_one_gunicorn_writes(
    access_log_format: str,
    fmt: Literal["json", "plain"],
    served: Served,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # `%(t)s` is the second of the call: the same one for both.
    monkeypatch.setattr(Logger, "now", lambda self: "[06/Dec/2026:10:00:00 +0000]")
    token = request_id_var.set("served-1")  # as the app leaves it until gunicorn closes
    try:
        lines = [
            _access_lines(logger_class, access_log_format, fmt, served, capsys)
            for logger_class in (Logger, AccessLogger)
        ]
    finally:
        request_id_var.reset(token)

    assert [len(each) for each in lines] == [1, 1]
    assert _untimed(lines[1][0], fmt) == _untimed(lines[0][0], fmt)
    assert "served-1" in lines[1][0]


def test_the_line_carries_the_id_the_response_carries(
    served: Served, capsys: pytest.CaptureFixture[str]
) -> None:
    before = request_id_var.get()

    [line] = _access_lines(AccessLogger, ACCESS_FORMATS["skeleton"], "json", served, capsys)

    assert json.loads(line)["request_id"] == "served-1"
    assert request_id_var.get() == before
