"""Reading the load tools' reports, and the requests forge asks them to send."""

from __future__ import annotations

import json
import shutil
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from generator.compare.loadtool import (
    LoadTool,
    _lua_string,
    _wrk_script,
    find_load_tool,
    parse_oha,
    parse_wrk,
)
from generator.compare.results import SCENARIOS, Scenario
from generator.errors import LoadToolFailedError

WRK_OUTPUT = """\
Running 5s test @ http://127.0.0.1:8000/health
  2 threads and 64 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     7.59ms    2.21ms  30.00ms   73.25%
    Req/Sec     4.23k   345.12     4.90k    70.00%
  Latency Distribution
     50%  850.00us
     75%    8.50ms
     90%   10.12ms
     99%    1.20s
  42100 requests in 5.00s, 7.50MB read
  Socket errors: connect 0, read 3, write 0, timeout 2
  Non-2xx or 3xx responses: 12
Requests/sec:   8417.60
Transfer/sec:      1.50MB
"""

WRK_NOTHING_ANSWERED = """\
Running 1s test @ http://127.0.0.1:8000/health
  2 threads and 64 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     0.00us    0.00us   0.00us    -nan%
    Req/Sec     0.00      0.00     0.00      -nan%
  Latency Distribution
  0 requests in 1.00s, 0.00B read
  Socket errors: connect 64, read 0, write 0, timeout 0
Requests/sec:      0.00
Transfer/sec:       0.00B
"""


def test_wrk_output_is_read_with_its_units() -> None:
    result = parse_wrk(WRK_OUTPUT)

    assert result.requests_per_second == pytest.approx(8417.60)
    assert result.p50 == pytest.approx(850e-6)
    assert result.p99 == pytest.approx(1.2)
    assert result.requests == 42100
    assert result.errors == 17  # 3 + 2 socket errors, 12 answers that were not 2xx/3xx


def test_wrk_run_where_nothing_answered_is_all_errors() -> None:
    result = parse_wrk(WRK_NOTHING_ANSWERED)

    assert (result.requests_per_second, result.requests, result.errors) == (0.0, 0, 64)


def test_unreadable_wrk_output_is_an_error_showing_it() -> None:
    with pytest.raises(LoadToolFailedError, match=r"(?s)no Requests/sec.*garbage"):
        parse_wrk("garbage")


def test_oha_json_report_is_read() -> None:
    """The fields of oha's documented JSON schema (`oha -j`); no oha is installed here."""
    report = (
        '{"summary": {"requestsPerSec": 5000.5}, '
        '"latencyPercentiles": {"p50": 0.004, "p99": 0.05}, '
        '"statusCodeDistribution": {"200": 24990, "500": 10}, '
        '"errorDistribution": {"connection closed": 2}}'
    )

    result = parse_oha(report)

    assert result.requests_per_second == pytest.approx(5000.5)
    assert (result.p50, result.p99) == (pytest.approx(0.004), pytest.approx(0.05))
    assert (result.requests, result.errors) == (25000, 12)


def test_unreadable_oha_report_is_an_error() -> None:
    with pytest.raises(LoadToolFailedError, match="could not read its JSON report"):
        parse_oha('{"summary": {}}')


def test_wrk_posts_the_scenario_body_as_json() -> None:
    create = next(scenario for scenario in SCENARIOS if scenario.name == "create")

    script = _wrk_script(create)

    assert 'wrk.method = "POST"' in script
    assert f"wrk.body = [==[{create.body}]==]" in script
    assert 'wrk.headers["Content-Type"] = "application/json"' in script


def test_the_load_tool_is_found_on_path_wrk_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("oha", "wrk"):
        tool = tmp_path / name
        tool.write_text("#!/bin/sh\n")
        tool.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))

    assert find_load_tool() == LoadTool("wrk", str(tmp_path / "wrk"))
    (tmp_path / "wrk").unlink()
    assert find_load_tool() == LoadTool("oha", str(tmp_path / "oha"))
    (tmp_path / "oha").unlink()
    assert find_load_tool() is None


TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0MiJ9.dGhlLXNpZ25hdHVyZS1vZi1hLXRlc3Q"
BEARER = {"Authorization": f"Bearer {TOKEN}"}
LIST = next(scenario for scenario in SCENARIOS if scenario.name == "list")
CREATE = next(scenario for scenario in SCENARIOS if scenario.name == "create")


def test_wrk_sends_headers_through_its_script_even_for_a_get() -> None:
    script = _wrk_script(LIST, BEARER)

    assert 'wrk.method = "GET"' in script
    assert f'wrk.headers["Authorization"] = [==[Bearer {TOKEN}]==]' in script
    assert 'wrk.headers["Content-Type"]' not in script


def test_a_lua_string_is_closed_by_nothing_inside_it() -> None:
    assert _lua_string("plain") == "[==[plain]==]"
    assert _lua_string("a]==]b") == "[===[a]==]b]===]"


def test_a_header_name_that_is_not_a_token_is_refused() -> None:
    with pytest.raises(ValueError, match="not a header name"):
        _wrk_script(LIST, {'X"]=1 --': "value"})


def _fake_tool(tmp_path: Path, name: str, output: str, status: int = 0) -> LoadTool:
    """A stand-in for `name` that notes its argv and any Lua script (-s), then prints `output`,
    or prints its argv to stderr and fails with `status`."""
    notes = tmp_path / "notes.json"
    report = tmp_path / "report.txt"
    report.write_text(output)
    tool = tmp_path / name
    tool.write_text(
        "#!/usr/bin/env python3\n"
        "import json, sys\n"
        "argv = sys.argv[1:]\n"
        "script = argv[argv.index('-s') + 1] if '-s' in argv else None\n"
        "lua = open(script).read() if script else None\n"
        f"json.dump({{'argv': argv, 'lua': lua}}, open({str(notes)!r}, 'w'))\n"
        f"if {status}:\n"
        "    sys.stderr.write('refused: ' + ' '.join(argv) + '\\n')\n"
        f"    sys.exit({status})\n"
        f"sys.stdout.write(open({str(report)!r}).read())\n"
    )
    tool.chmod(0o755)
    return LoadTool(name, str(tool))


def _notes(tmp_path: Path) -> dict:
    return json.loads((tmp_path / "notes.json").read_text())


def test_wrk_gets_the_token_in_its_script_never_on_its_command_line(tmp_path: Path) -> None:
    tool = _fake_tool(tmp_path, "wrk", WRK_OUTPUT)

    result = tool.run("http://127.0.0.1:9", LIST, duration=1, connections=4, headers=BEARER)

    notes = _notes(tmp_path)
    assert result.requests == 42100
    assert TOKEN not in " ".join(notes["argv"])
    assert notes["lua"] is not None and f"[==[Bearer {TOKEN}]==]" in notes["lua"]
    assert not Path(notes["argv"][notes["argv"].index("-s") + 1]).exists()  # gone with the run


def test_wrk_without_headers_loads_a_get_without_a_script(tmp_path: Path) -> None:
    tool = _fake_tool(tmp_path, "wrk", WRK_OUTPUT)

    tool.run("http://127.0.0.1:9", LIST, duration=1, connections=4)

    assert "-s" not in _notes(tmp_path)["argv"]


OHA_REPORT = json.dumps(
    {
        "summary": {"requestsPerSec": 10.0},
        "latencyPercentiles": {"p50": 0.001, "p99": 0.002},
        "statusCodeDistribution": {"201": 10},
        "errorDistribution": {},
    }
)


def test_oha_gets_each_header_as_an_option(tmp_path: Path) -> None:
    tool = _fake_tool(tmp_path, "oha", OHA_REPORT)

    tool.run("http://127.0.0.1:9", CREATE, duration=1, connections=4, headers=BEARER)

    argv = _notes(tmp_path)["argv"]
    header = argv.index(f"Authorization: Bearer {TOKEN}")
    assert argv[header - 1] == "-H"
    assert argv[argv.index("-m") + 1] == "POST"


@pytest.mark.parametrize("name", ["wrk", "oha"])
def test_a_failing_load_tool_never_shows_the_token(name: str, tmp_path: Path) -> None:
    tool = _fake_tool(tmp_path, name, "", status=3)

    with pytest.raises(LoadToolFailedError) as raised:
        tool.run("http://127.0.0.1:9", LIST, duration=1, connections=4, headers=BEARER)

    message = str(raised.value)
    assert "exit status 3" in message and "refused:" in message
    assert TOKEN not in message
    if name == "oha":  # its command line held the header: masked in both command and stderr
        assert message.count("Authorization: ***") == 2


@pytest.fixture
def echo_server() -> Iterator[tuple[str, list[dict[str, str]]]]:
    """An HTTP server that answers 200 and notes every request's headers."""
    seen: list[dict[str, str]] = []

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            if len(seen) < 100:
                seen.append(dict(self.headers))
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"{}")

        do_POST = do_GET

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk is not installed")
@pytest.mark.parametrize("scenario", [LIST, CREATE], ids=["get", "post"])
def test_wrk_sends_the_header_with_every_request(
    scenario: Scenario, echo_server: tuple[str, list[dict[str, str]]]
) -> None:
    """The script as the real wrk runs it: a Lua slip there (a long string opened by `[[`)
    would send no header at all, and only a server would notice."""
    url, seen = echo_server
    tool = find_load_tool()
    assert tool is not None

    result = tool.run(url, scenario, duration=1, connections=2, headers=BEARER)

    assert result.requests > 0 and result.errors == 0
    assert seen and all(headers.get("Authorization") == f"Bearer {TOKEN}" for headers in seen)
