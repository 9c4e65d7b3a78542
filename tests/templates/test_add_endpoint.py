"""`forge add-endpoint` and `forge remove-endpoint` in every combination: a generated project
whose sample resource was removed, grown by two resources that between them use every field type
(one with optional fields), and by a third that was removed again, is still ruff-clean and
mypy-clean, its own suite passes above its coverage floor (the new resources' tests included),
its models and migrations agree on a real database of the combination's kind, and its
migrations go all the way down and up again."""

from pathlib import Path

import pytest

from generator.fields import FIELD_TYPES, MODIFIERS, parse_fields
from tests.support.combinations import RESOURCES
from tests.support.database import fresh_database
from tests.support.project import (
    COVERAGE_FLOOR,
    BakedProject,
    clean_environment,
    coverage_total,
    failed_or_skipped,
)

# The tasks resource's own tests number about thirty; a generated resource's are as thorough.
MIN_TESTS_PER_RESOURCE = 20


def test_the_resources_use_every_type_and_form() -> None:
    fields = [field for spec in RESOURCES.values() for field in parse_fields(spec)]

    assert {field.type for field in fields} == {*FIELD_TYPES, "ref", "enum"}
    assert {field.optional for field in fields if field.type == "ref"} == {False, True}
    assert any(field.type == "enum" and field.has_default for field in fields)
    for modifier in MODIFIERS:
        assert any(getattr(field, modifier) for field in fields), modifier
    assert {type(field.default) for field in fields if field.has_default} == {bool, int, str}


def test_the_grown_project_is_ruff_clean(grown: BakedProject) -> None:
    for check in (["check", "."], ["format", "--check", "."]):
        result = grown.execute(["uv", "run", "ruff", *check, "--no-cache"])
        assert result.returncode == 0, result.stdout + result.stderr


# The generated resources' own tests on SQLite run in the open skeleton's grown project (the
# same tests less ownership), with users on PostgreSQL; on SQLite with users the black-box
# field contract (tests/contract/test_fields.py) serves them. The minutes are not there for a
# third run of the largest suite.
@pytest.mark.open_sqlite_or_postgres
def test_the_grown_projects_own_suite_passes(grown: BakedProject, tmp_path: Path) -> None:
    with fresh_database(grown.combination.database, tmp_path) as url:
        env = clean_environment(TEST_DATABASE_URL=url)
        result = grown.run("coverage", "-v", "-p", "no:cacheprovider", env=env)

    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
    assert coverage_total(result.stdout) >= COVERAGE_FLOOR
    assert failed_or_skipped(result.stdout) == [], result.stdout[-3000:]
    for name in RESOURCES:  # the new resources' own tests ran, and passed
        passed = [
            line
            for line in result.stdout.splitlines()
            if line.startswith(f"tests/test_{name}.py::") and " PASSED" in line
        ]
        assert len(passed) >= MIN_TESTS_PER_RESOURCE, result.stdout[-6000:]


def test_the_grown_project_passes_mypy_strict(grown: BakedProject) -> None:
    result = grown.run("typecheck")

    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
    assert "Success: no issues found" in result.stdout


def test_the_grown_projects_migrations_match_its_models(
    grown: BakedProject, tmp_path: Path
) -> None:
    with fresh_database(grown.combination.database, tmp_path) as url:
        env = clean_environment(DATABASE_URL=url)
        migrated = grown.run("migrate", env=env)
        assert migrated.returncode == 0, migrated.stdout + migrated.stderr
        checked = grown.run("check-migrations", env=env)

    assert checked.returncode == 0, checked.stdout + checked.stderr
