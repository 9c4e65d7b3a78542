"""Fuzzing from each skeleton's own OpenAPI document with schemathesis, bounded in time.

Every check schemathesis has: no 5xx, each status, content type (problem+json for errors, as
documented), header and body conforming to the document, invalid data refused, valid data
accepted, 405s with Allow, links between operations.
"""

import json
import re
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.support.database import fresh_database
from tests.support.identity import new_account
from tests.support.project import BakedProject
from tests.support.serving import production_environment, serving

# The open skeleton (--auth none) is the default one less its identity code: it is fuzzed and
# restarted under load only on the default's combinations, to keep the suite within its time.
pytestmark = pytest.mark.default_auth

# Time for each operation of the document: a grown project has more of them than the skeleton.
SECONDS_PER_OPERATION = 1.5
MAX_EXAMPLES = 25
# Schemathesis's own list of statuses that refuse invalid data, plus 414: every skeleton refuses
# a request line over 8190 bytes (documented on every operation), and fuzzed queries get there.
#
# Registration refuses addresses mail cannot reach (email-validator's special-use domains, such
# as the `.test` the fuzzer's generator likes), which JSON Schema's `format: email` cannot say:
# there a 422 for schema-valid data is the contract, and every other status is still checked.
CONFIG = """
[checks.negative_data_rejection]
expected-statuses = ["400", "401", "403", "404", "405", "406", "409", "414", "415", "422", "428",
                     "429", "5xx"]

[[operations]]
include-path = "/api/auth/register"
checks.positive_data_acceptance.expected-statuses = ["2xx", "3xx", "401", "403", "404", "409",
                                                     "422", "429", "5xx"]

# A grown resource's data can be valid by the document and still be refused by the rows stored:
# a unique value another row has (409), an id naming no author (422, with its pointer).
[[operations]]
include-path-regex = "^/api/(authors|books)"
checks.positive_data_acceptance.expected-statuses = ["2xx", "401", "403", "404", "409", "422"]
"""


# On PostgreSQL only: the code is the same on SQLite but for the driver, and PostgreSQL's is the
# stricter (an integer out of range, a NUL in a string). On SQLite the contract suite's field
# checks (tests/contract/test_fields.py) and the generated resources' own tests hold the same
# answers to account.
@pytest.mark.postgres
def test_fuzzing_finds_nothing(installed: BakedProject, tmp_path: Path) -> None:
    _fuzz(installed, tmp_path)


@pytest.mark.postgres
def test_fuzzing_a_project_grown_by_add_endpoint_finds_nothing(
    grown: BakedProject, tmp_path: Path
) -> None:
    """Every field type `forge add-endpoint` generates, as its OpenAPI document describes it.
    Health and identity are the skeleton's, fuzzed above: only the added resources here."""
    _fuzz(grown, tmp_path, only=GROWN_PATHS)


# The paths `forge add-endpoint` adds: everything under /api but the skeleton's identity.
GROWN_PATHS = r"^/api/(?!auth/|users/)"


def _fuzz(project: BakedProject, tmp_path: Path, only: str | None = None) -> None:
    report = tmp_path / "report.json"
    config = tmp_path / "schemathesis.toml"
    config.write_text(CONFIG)
    with (
        fresh_database(project.combination.database, tmp_path) as database_url,
        serving(project, production_environment(database_url)) as server,
    ):
        seconds = round(SECONDS_PER_OPERATION * _operations(f"{server.url}/openapi.json", only))
        selection = [] if only is None else ["--include-path-regex", only]
        result = subprocess.run(
            [sys.executable, "-m", "schemathesis.cli", "--config-file", str(config), "run",
             f"{server.url}/openapi.json", *_signed_in(project, server.url), *selection,
             "--checks", "all", "--max-examples", str(MAX_EXAMPLES),
             "--max-time", str(seconds), "--seed", "20261121", "--workers", "1",
             "--request-timeout", "10", "--generation-database", "none", "--no-color",
             "--report", "json", "--report-json-path", str(report)],
            capture_output=True, text=True, timeout=seconds * 6, check=False, cwd=tmp_path,
        )  # fmt: skip

    summary = json.loads(report.read_text())
    cases = summary["test_cases"]["generated"]
    print(f"\n{project.path.name} ({project.combination.id}): {cases} schemathesis cases")
    assert result.returncode == 0, result.stdout[-6000:]
    assert summary["failures"] == [] and summary["errors"] == []
    # Every operation of the document (or of the selection) was fuzzed (how many cases fit in
    # the time depends on how busy the machine is; that every operation was reached does not).
    operations = summary["operations"]
    assert operations["tested"] == operations["selected"] > 0, operations
    if only is None:
        assert operations["selected"] == operations["total"], operations
    assert cases >= operations["selected"]


def _signed_in(project: BakedProject, url: str) -> list[str]:
    """With users, a valid token on every request, so that the fuzzing reaches past the token
    check into each operation; schemathesis's `ignored_auth` check also sends requests without
    it to every operation the document says needs it, and expects them refused."""
    if not project.combination.has_users:
        return []
    with httpx.Client(base_url=url, timeout=10) as client:
        token = new_account(client, "fuzz").access_token
    return ["--header", f"Authorization: Bearer {token}"]


def _operations(document_url: str, only: str | None = None) -> int:
    paths = httpx.get(document_url, timeout=10).raise_for_status().json()["paths"]
    if only is not None:
        paths = {path: item for path, item in paths.items() if re.match(only, path)}
    methods = {"get", "put", "post", "patch", "delete", "head", "options", "trace"}
    return sum(1 for item in paths.values() for method in item if method in methods)
