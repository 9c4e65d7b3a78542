"""Each bake's own suite passes in a fresh environment of its own, with its coverage floor and
mypy's strict mode, and leaves alone the database it is pointed at."""

from pathlib import Path

from tests.support.database import fresh_database
from tests.support.identity import PASSWORD
from tests.support.project import (
    COVERAGE_FLOOR,
    BakedProject,
    clean_environment,
    coverage_total,
    failed_or_skipped,
)
from tests.support.sentinel import insert_task, leftover_test_databases, task_titles


def test_own_suite_passes_above_its_coverage_floor_and_spares_the_named_database(
    installed: BakedProject, tmp_path: Path
) -> None:
    framework = installed.combination.framework
    with fresh_database(installed.combination.database, tmp_path) as url:
        # The database a developer works with, with their data in it.
        migrated = installed.run("migrate", env=clean_environment(DATABASE_URL=url))
        said = migrated.stdout + migrated.stderr
        assert migrated.returncode == 0, said
        # It says what it did: Alembic's "Running upgrade  -> 0001", Django's "Applying ...".
        assert "Running upgrade" in said or "Applying tasks.0001_initial" in said, said
        owner = None
        if installed.combination.has_users:  # the developer's own account, and their task
            owner = "developer@example.com"
            made = installed.run(
                "createsuperuser",
                *("--email", owner, "--noinput"),
                env=clean_environment(
                    DATABASE_URL=url,
                    SUPERUSER_PASSWORD=PASSWORD,
                    DJANGO_SUPERUSER_PASSWORD=PASSWORD,
                ),
            )
            assert made.returncode == 0, made.stdout + made.stderr
        insert_task(url, framework, "Mine, not the tests'", owner)

        env = clean_environment(TEST_DATABASE_URL=url)
        result = installed.run("coverage", "-q", "-p", "no:cacheprovider", env=env)

        assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
        assert task_titles(url, framework) == ["Mine, not the tests'"]
        assert leftover_test_databases(url) == []
    assert " passed" in result.stdout
    assert failed_or_skipped(result.stdout) == [], result.stdout[-3000:]
    assert coverage_total(result.stdout) >= COVERAGE_FLOOR


def test_own_code_passes_mypy_strict(installed: BakedProject) -> None:
    result = installed.run("typecheck")

    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
    assert "Success: no issues found" in result.stdout
