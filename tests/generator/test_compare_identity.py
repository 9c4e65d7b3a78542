"""`forge compare` loads the default skeleton, with users and tokens, as a logged-in client: the
account it registers, the token every /api request of the load carries, and where neither may
ever show (an error, the report, the table). No skeleton is served: a small HTTP server stands in.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from generator.compare import (
    CompareOptions,
    Comparison,
    FrameworkResult,
    comparison_rows,
    markdown_table,
)
from generator.compare import skeleton as skeleton_module
from generator.compare.identity import ANONYMOUS, Identity, sign_in
from generator.compare.results import SCENARIOS, LoadResult
from generator.compare.runner import _FrameworkRun, _Steps
from generator.compare.serving import Served
from generator.compare.skeleton import ACCESS_TOKEN_MINUTES, Skeleton, prepare_skeleton
from generator.errors import LoginFailedError

TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlLW9mLXRoZS10ZXN0"


@dataclass
class FakeSkeleton:
    """What a skeleton's auth endpoints answer, and what they were sent."""

    register_status: int = 201
    token_status: int = 200
    token_answer: dict[str, Any] = field(
        default_factory=lambda: {
            "access_token": TOKEN,
            "token_type": "bearer",
            "expires_in": 900,
            "refresh_token": "opaque-refresh-token",
        }
    )
    received: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    def answer(self, path: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        self.received.append((path, body))
        if path == "/api/auth/register":
            if self.register_status != 201:
                return self.register_status, {"title": "Registration is closed", "status": 403}
            return 201, {"id": 1, "email": body["email"], "is_superuser": False}
        if path == "/api/auth/token" and self.token_status == 200:
            return 200, self.token_answer
        return self.token_status, {"title": "Wrong email or password", "status": 401}


@pytest.fixture
def fake() -> FakeSkeleton:
    return FakeSkeleton()


@pytest.fixture
def served(fake: FakeSkeleton, tmp_path: Path) -> Iterator[Served]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", 0))
            body = json.loads(self.rfile.read(length) or b"{}")
            status, answer = fake.answer(self.path, body)
            payload = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    port = server.server_address[1]
    skeleton = Skeleton("fastapi", tmp_path, {}, "jwt")
    try:
        yield Served(skeleton, f"http://127.0.0.1:{port}", port, pid=0, cold_start=0.0)
    finally:
        server.shutdown()
        server.server_close()


def test_it_registers_a_random_user_and_logs_in_with_it(served: Served, fake: FakeSkeleton) -> None:
    first = sign_in(served)
    second = sign_in(served)

    assert first.token == TOKEN and first.authenticated
    (register, account), (login, credentials) = fake.received[:2]
    assert (register, login) == ("/api/auth/register", "/api/auth/token")
    assert credentials == account
    assert account["email"].endswith("@example.com")
    assert len(account["password"]) >= 16
    again = fake.received[2][1]
    assert again["email"] != account["email"] and again["password"] != account["password"]
    assert second.token == TOKEN


@pytest.mark.parametrize(
    ("register", "login", "request_line"),
    [
        (403, 200, "POST /api/auth/register with 403 (Registration is closed)"),
        (201, 401, "POST /api/auth/token with 401 (Wrong email or password)"),
    ],
    ids=["registration-closed", "login-refused"],
)
def test_a_refused_registration_or_login_is_one_line_with_the_status_and_a_hint(
    served: Served, fake: FakeSkeleton, register: int, login: int, request_line: str
) -> None:
    fake.register_status, fake.token_status = register, login

    with pytest.raises(LoginFailedError) as raised:
        sign_in(served)

    message = str(raised.value)
    assert message.startswith("forge compare: the fastapi skeleton answered " + request_line)
    assert "run the comparison again" in message and "\n" not in message
    account = fake.received[0][1]
    assert account["email"] not in message and account["password"] not in message


def test_a_login_answer_without_a_token_is_refused(served: Served, fake: FakeSkeleton) -> None:
    fake.token_answer = {"token_type": "bearer"}

    with pytest.raises(LoginFailedError, match="200 \\(no access_token in the answer\\)"):
        sign_in(served)


def test_the_token_goes_to_api_requests_only_and_never_into_a_repr() -> None:
    identity = Identity(TOKEN)

    assert identity.headers_for("/api/tasks?per_page=10") == {"Authorization": f"Bearer {TOKEN}"}
    assert identity.headers_for("/health") == {}
    assert ANONYMOUS.headers_for("/api/tasks") == {}
    assert not ANONYMOUS.authenticated
    assert TOKEN not in repr(identity)
    assert identity.secret_values() == (TOKEN,) and ANONYMOUS.secret_values() == ()


@dataclass
class FakeTool:
    """Stands in for wrk: notes the headers of each run."""

    runs: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def run(self, base_url: str, scenario: Any, **arguments: Any) -> LoadResult:
        self.runs.append((scenario.path, dict(arguments["headers"])))
        return LoadResult(100.0, 0.01, 0.02, 100, 0)


@dataclass
class FakeServed:
    base_url: str = "http://127.0.0.1:9"

    def worker_pids(self) -> set[int]:
        return {1, 2}


@pytest.mark.parametrize("identity", [Identity(TOKEN), ANONYMOUS], ids=["jwt", "none"])
def test_every_api_load_carries_the_token_and_health_stays_anonymous(
    identity: Identity, tmp_path: Path
) -> None:
    tool = FakeTool()
    options = CompareOptions(frameworks=("fastapi",), warmup=1, duration=1)
    steps = _Steps(lambda _: None, total=len(SCENARIOS))
    run = _FrameworkRun("fastapi", options, tool, "uv", tmp_path, steps)  # type: ignore[arg-type]
    run.identity = identity

    served: Any = FakeServed()
    results = [run._load(served, scenario) for scenario in SCENARIOS]

    bearer = {"Authorization": f"Bearer {TOKEN}"} if identity.authenticated else {}
    expected = {"/health": {}, "/api/tasks?per_page=10": bearer, "/api/tasks": bearer}
    assert len(tool.runs) == 2 * len(SCENARIOS)  # a warm-up and a measured run each
    assert all(headers == expected[path] for path, headers in tool.runs), tool.runs
    comparison = Comparison(
        settings={"database": "sqlite", "concurrency": 64, "workers": 2},
        machine={"summary": "a test machine"},
        load_tool={"name": "wrk", "path": "/usr/bin/wrk", "version": "wrk 4.1.0"},
        forge_version="0.1.0",
        started="2026-12-05T10:00:00+00:00",
        frameworks=[
            FrameworkResult("fastapi", {"workers": 2}, results, auth="jwt"),
            FrameworkResult("flask", {"workers": 2}, results),
        ],
    )
    report = json.dumps(comparison.to_json())
    table = markdown_table(comparison_rows(comparison))
    assert TOKEN not in report and "Bearer" not in report and TOKEN not in table
    assert [result["auth"] for result in comparison.to_json()["frameworks"]] == ["jwt", "none"]
    row = next(line for line in table.splitlines() if line.startswith("| /api requests"))
    assert "bearer token (jwt)" in row and "no token (auth none)" in row


@pytest.mark.parametrize("auth", ["jwt", "none"])
def test_a_skeleton_with_users_is_served_with_tokens_that_outlast_the_run(
    auth: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """prepare_skeleton reads `auth` from the project's record; only the install, migration and
    inspection, which need a real project, are left out."""
    asked: dict[str, object] = {}

    def generate(name: str, framework: str, **options: object) -> Path:
        asked.update(options)
        project = tmp_path / "project"
        project.mkdir()
        record = {
            "forge_version": "0",
            "framework": framework,
            "answers": {"project_slug": "compare_fastapi", "auth": auth},
            "template_version": "0",
        }
        (project / ".forge.json").write_text(json.dumps(record))
        return project

    monkeypatch.setattr("generator.generate", generate)
    monkeypatch.setattr(Skeleton, "run", lambda self, argv, step, **env: "")
    monkeypatch.setattr(skeleton_module, "_inspect", lambda skeleton: None)
    monkeypatch.setenv("ACCESS_TOKEN_MINUTES", "1")  # forge's own environment must not leak
    monkeypatch.setenv("ALLOW_REGISTRATION", "false")

    skeleton = prepare_skeleton(
        "fastapi", database="sqlite", database_url="sqlite:///x", workers=2, root=tmp_path, uv="uv"
    )

    assert asked["auth"] is None  # the template's default: what `forge new` gives a team
    assert skeleton.auth == auth and skeleton.has_users == (auth == "jwt")
    if auth == "jwt":
        assert skeleton.env["ACCESS_TOKEN_MINUTES"] == str(ACCESS_TOKEN_MINUTES) == "1440"
        assert skeleton.env["ALLOW_REGISTRATION"] == "true"
    else:
        assert "ACCESS_TOKEN_MINUTES" not in skeleton.env
        assert "ALLOW_REGISTRATION" not in skeleton.env
