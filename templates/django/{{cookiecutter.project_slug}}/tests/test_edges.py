"""Where frameworks differ by default, kept the same in every forge skeleton: HEAD, the security
headers, no Server header, unknown query parameters, and errors in the skeleton's own words.
(`Allow` is in test_errors.py.)"""

import socket
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.handlers.wsgi import WSGIHandler
from django.test import Client
from gunicorn.config import Config
from gunicorn.http import wsgi
from gunicorn.http.message import Request
from gunicorn.http.unreader import IterUnreader
from pytest_django import Settings

from app.core.middleware import SECURITY_HEADERS
from app.core.serving import HeadBodyMiddleware, drop_server_header
from config.settings.base import middleware
from tests import probes
from tests.conftest import JSON, Answer, assert_problem, body_of, call_wsgi, send_json
from tests.probes import FAILURE, PATH

pytestmark = pytest.mark.urls("tests.probes")

ORIGIN = "https://app.example"
UNKNOWN = "Unknown query parameter."
LIBRARY_PREFIXES = ("Value error, ", "Assertion failed, ")


@pytest.mark.parametrize(
    "path",
    [
        "/health",
        "/health/ready",
        PATH,
        PATH + "/{id}",
        PATH + "/999999",
        "/openapi.json",
        "/docs",
        "/nowhere",
    ],
)
def test_head_answers_as_get_without_a_body(client: Client, path: str) -> None:
    path = path.format(id=body_of(send_json(client, "POST", PATH, {"title": "Head"}))["id"])

    get, head = client.get(path), client.head(path)

    assert head.status_code == get.status_code
    for header in ("Content-Type", *SECURITY_HEADERS):
        assert head[header] == get[header], header
    assert head["X-Request-ID"]
    assert head.content == b""


def test_head_refuses_an_unknown_parameter_as_get_does(client: Client) -> None:
    head = client.head("/health?verbose=1")

    assert (head.status_code, head["Content-Type"]) == (422, "application/problem+json")


def test_head_is_not_documented(client: Client) -> None:
    paths = body_of(client.get("/openapi.json"))["paths"]

    assert not [path for path, item in paths.items() if "head" in item]


def test_the_body_of_a_head_answer_never_reaches_the_server() -> None:
    """Django's test client drops it itself; gunicorn would too, with a warning each time."""
    application = HeadBodyMiddleware(WSGIHandler())

    get = call_wsgi(application, {"REQUEST_METHOD": "GET", "PATH_INFO": "/health/ready"})
    head = call_wsgi(application, {"REQUEST_METHOD": "HEAD", "PATH_INFO": "/health/ready"})

    assert head[0] == get[0] == "200 OK"
    assert head[1]["Content-Length"] == get[1]["Content-Length"] == str(len(get[2]))
    assert head[2] == b""


def test_a_head_answer_without_close_is_emptied_too() -> None:
    """WSGI lets an application answer with any iterable, a list included."""

    def listed(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        start_response("200 OK", [("Content-Length", "2")])
        return [b"ok"]

    assert call_wsgi(HeadBodyMiddleware(listed), {"REQUEST_METHOD": "HEAD"})[2] == b""


@pytest.fixture
def answers(settings: Settings) -> dict[str, Answer]:
    """One answer of every kind: the views', Django's, the middleware's, static files'."""
    settings.CORS_ALLOWED_ORIGINS = [ORIGIN]
    settings.MIDDLEWARE = middleware(cors=True)
    client = Client(raise_request_exception=False)  # after the change: it loads the middleware
    probe = body_of(send_json(client, "POST", PATH, {"title": "Headers"}))
    too_large = b"x" * (django_settings.MAX_BODY_SIZE + 1)
    answers: dict[str, Answer] = {
        "ok": client.get("/health"),
        "head": client.head("/health"),
        "created": send_json(client, "POST", PATH, {"title": "More"}),
        "deleted": client.delete(f"{PATH}/{probe['id']}"),
        "invalid": send_json(client, "POST", PATH, {"title": ""}),
        "not-json": client.generic("POST", PATH, b"{", content_type=JSON),
        "media-type": client.generic("POST", PATH, b"x", content_type="text/plain"),
        "too-large": client.generic("POST", PATH, too_large, content_type=JSON),
        "unknown-path": client.get("/nowhere"),
        "method": client.delete(PATH),
        "docs": client.get("/docs"),
        "document": client.get("/openapi.json"),
        "admin": client.get("/admin/login/"),
        "static": client.get("/static/admin/css/base.css"),
        "preflight": client.options(
            PATH, headers={"Origin": ORIGIN, "Access-Control-Request-Method": "POST"}
        ),
        "error": client.get(FAILURE),
    }
    answers["static"].close()  # a static file's response holds the file open until then
    return answers


def test_every_kind_of_answer_was_produced(answers: dict[str, Answer]) -> None:
    statuses = {name: response.status_code for name, response in answers.items()}

    assert statuses == {
        "ok": 200,
        "head": 200,
        "created": 201,
        "deleted": 204,
        "invalid": 422,
        "not-json": 400,
        "media-type": 415,
        "too-large": 413,
        "unknown-path": 404,
        "method": 405,
        "docs": 200,
        "document": 200,
        "admin": 200,
        "static": 200,
        "preflight": 200,
        "error": 500,
    }


@pytest.mark.parametrize("header", sorted(SECURITY_HEADERS))
def test_security_headers_on_every_answer(answers: dict[str, Answer], header: str) -> None:
    values = {name: response.get(header) for name, response in answers.items()}

    assert values == dict.fromkeys(answers, SECURITY_HEADERS[header])


def test_no_hsts_unless_hsts_seconds_is_set(answers: dict[str, Answer]) -> None:
    sent = [name for name, answer in answers.items() if "Strict-Transport-Security" in answer]

    assert sent == []


def test_hsts_seconds_sends_hsts_on_every_answer(client: Client, settings: Settings) -> None:
    settings.HSTS_SECONDS = 31536000

    # Over plain HTTP too: browsers ignore it there, and the proxy in front may end TLS.
    answers = [client.get("/health"), client.get("/nowhere"), client.delete("/health")]

    assert [answer["Strict-Transport-Security"] for answer in answers] == ["max-age=31536000"] * 3


def test_gunicorn_names_itself_nowhere(monkeypatch: pytest.MonkeyPatch) -> None:
    # Restored after the test, whatever drop_server_header does to it.
    monkeypatch.setattr(wsgi.Response, "default_headers", wsgi.Response.default_headers)
    request = Request(Config(), IterUnreader([b"GET / HTTP/1.1\r\nHost: a\r\n\r\n"]), ("", 0))
    with socket.socket() as unused:
        response = wsgi.Response(request, unused, Config())
        response.start_response("200 OK", [("Content-Length", "2")])
        named = [line for line in response.default_headers() if line.startswith("Server:")]

        drop_server_header()

        lines = response.default_headers()
    assert named == ["Server: gunicorn\r\n"]
    assert lines[0] == "HTTP/1.1 200 OK\r\n"
    assert not [line for line in lines if line.startswith("Server:")]


def test_an_unknown_filter_is_422_not_the_whole_list(client: Client) -> None:
    send_json(client, "POST", PATH, {"title": "Listed"})

    errors = assert_problem(client.get(PATH, {"author_id": 1}), 422)["errors"]

    assert errors == [{"parameter": "author_id", "detail": UNKNOWN}]


def test_each_unknown_parameter_is_named_beside_the_other_errors(client: Client) -> None:
    response = client.get(PATH, {"sort": "id", "author_id": "1", "per_page": "0"})

    assert assert_problem(response, 422)["errors"] == [
        {"parameter": "per_page", "detail": "Input should be greater than or equal to 1"},
        {"parameter": "sort", "detail": UNKNOWN},
        {"parameter": "author_id", "detail": UNKNOWN},
    ]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/health"),
        ("GET", "/health/ready"),
        ("GET", PATH),
        ("POST", PATH),
        ("GET", PATH + "/{id}"),
        ("PUT", PATH + "/{id}"),
        ("PATCH", PATH + "/{id}"),
        ("DELETE", PATH + "/{id}"),
    ],
)
def test_every_operation_refuses_an_unknown_parameter_and_changes_nothing(
    client: Client, method: str, path: str
) -> None:
    probe = body_of(send_json(client, "POST", PATH, {"title": "Kept"}))
    path = path.format(id=probe["id"]) + "?verbose=1"

    if method in {"POST", "PUT", "PATCH"}:
        response = send_json(client, method, path, {"title": "Changed", "done": True})
    else:
        response = client.generic(method, path)

    assert assert_problem(response, 422)["errors"] == [{"parameter": "verbose", "detail": UNKNOWN}]
    assert probes.kept == [probe]


@pytest.mark.parametrize(("method", "path"), [("OPTIONS", PATH), ("POST", "/health")])
def test_a_method_the_path_does_not_serve_is_405_whatever_the_query(
    client: Client, method: str, path: str
) -> None:
    response = send_json(client, method, f"{path}?verbose=1", {"title": "x"})

    assert_problem(response, 405)


@pytest.mark.parametrize(
    "query", ["done=true&page=2&per_page=5", "page=1&page=2", "done=false&done=true"]
)
def test_known_parameters_together_or_repeated_are_fine(client: Client, query: str) -> None:
    response = client.get(f"{PATH}?{query}")

    assert response.status_code == 200, response.content


def test_a_bad_boolean_says_so_in_the_skeletons_words(client: Client) -> None:
    errors = assert_problem(client.get(PATH, {"done": "maybe"}), 422)["errors"]

    assert errors == [{"parameter": "done", "detail": "Input should be 'true' or 'false'"}]


@pytest.mark.parametrize(
    "body",
    [
        {"title": ""},
        {"title": " \t "},
        {"title": "x" * 201},
        {"title": "a\u0000b"},
        {"title": 5},
        {"title": "ok", "done": "yes"},
        {"title": "ok", "extra": 1},
        {},
    ],
    ids=["empty", "blank", "long", "nul", "number", "string-bool", "unknown-field", "missing"],
)
def test_error_texts_carry_no_library_prefix(client: Client, body: dict[str, Any]) -> None:
    problem = assert_problem(send_json(client, "POST", PATH, body), 422)

    details = [error["detail"] for error in problem["errors"]] + [problem["detail"]]
    assert not [detail for detail in details if detail.startswith(LIBRARY_PREFIXES)], details
