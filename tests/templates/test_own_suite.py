"""Each bake's own test suite and migration check pass in a fresh environment of its own."""

from pathlib import Path

from tests.support.database import fresh_database
from tests.support.project import BakedProject, clean_environment


def test_own_suite_passes(installed: BakedProject, tmp_path: Path) -> None:
    with fresh_database(installed.combination.database, tmp_path) as url:
        env = clean_environment(TEST_DATABASE_URL=url)
        result = installed.run("test", "-q", "-p", "no:cacheprovider", env=env)

    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
    assert " passed" in result.stdout
    assert " failed" not in result.stdout and " skipped" not in result.stdout
