"""Every supported combination bakes into a clean, lint-free, compilable project."""

import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.combinations import UNSUPPORTED, template_dir
from tests.support.project import BakedProject

LEFTOVER_MARKERS = ("{{ cookiecutter", "{{cookiecutter", "cookiecutter.", "{%", "%}")


def project_files(project: BakedProject) -> list[Path]:
    return [
        path
        for path in project.path.rglob("*")
        if path.is_file() and ".venv" not in path.relative_to(project.path).parts
    ]


def test_bake_succeeds(bake_result) -> None:  # type: ignore[no-untyped-def]
    assert bake_result.exit_code == 0
    assert bake_result.exception is None
    assert Path(bake_result.project_path).name == bake_result.context["project_slug"]


def test_no_template_syntax_is_left(baked: BakedProject) -> None:
    leftovers = [
        f"{path.relative_to(baked.path)}: {marker}"
        for path in project_files(baked)
        for marker in LEFTOVER_MARKERS
        if marker in path.read_text(encoding="utf-8") or marker in str(path)
    ]
    assert leftovers == []


def test_every_python_file_compiles(baked: BakedProject) -> None:
    sources = [path for path in project_files(baked) if path.suffix == ".py"]
    assert sources
    for path in sources:
        compile(path.read_text(encoding="utf-8"), str(path), "exec")


@pytest.mark.parametrize("command", [["check"], ["format", "--check"]], ids=["lint", "format"])
def test_ruff_passes(baked: BakedProject, command: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ruff", *command, "--no-cache", "."],
        cwd=baked.path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_database_choice_reaches_the_project(baked: BakedProject) -> None:
    env_example = (baked.path / ".env.example").read_text()
    postgres = baked.combination.database == "postgres"

    assert ("\nDATABASE_URL=postgresql" in env_example) is postgres


def test_a_postgres_project_has_no_sqlite_to_fall_back_on(baked: BakedProject) -> None:
    dockerfile = (baked.path / "Dockerfile").read_text()

    assert ("sqlite" in dockerfile.lower()) is (baked.combination.database == "sqlite")


def test_the_image_installs_exactly_the_lock_file(baked: BakedProject) -> None:
    dockerfile = (baked.path / "Dockerfile").read_text()

    copied = [line for line in dockerfile.splitlines() if line.startswith("COPY ")]
    assert any("uv.lock" in line for line in copied), copied
    syncs = [
        line for line in dockerfile.splitlines() if line.startswith("RUN ") and "uv sync" in line
    ]
    assert syncs and all("--locked" in line for line in syncs), syncs


def test_the_readmes_container_steps_keep_the_data(baked: BakedProject) -> None:
    readme = (baked.path / "README.md").read_text()
    runs = [line for line in readme.splitlines() if line.lstrip().startswith("docker run")]

    assert len(runs) >= 2  # migrate, then serve
    if baked.combination.database == "sqlite":
        volumes = {line.split(" -v ", 1)[1].split()[0] for line in runs if " -v " in line}
        assert len(volumes) == 1 and all(" -v " in line for line in runs), runs
        assert volumes.pop().endswith(":/data")
    else:
        assert all("DATABASE_URL" in line for line in runs), runs


def test_the_readme_says_how_to_get_forge(baked: BakedProject) -> None:
    readme = (baked.path / "README.md").read_text()

    assert "uv tool install forge-web" in readme
    assert "forge remove-endpoint" in readme


@pytest.mark.parametrize(("framework", "answers"), UNSUPPORTED)
def test_unsupported_answers_fail_in_the_hook(
    cookies, framework: str, answers: dict[str, str]
) -> None:  # type: ignore[no-untyped-def]
    result = cookies.bake(template=template_dir(framework), extra_context=answers)

    assert result.exit_code != 0
    assert result.project_path is None or not Path(result.project_path).exists()
