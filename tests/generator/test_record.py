"""A generated project's record, written once and found again from anywhere inside it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator import __version__
from generator.errors import NotAForgeProjectError
from generator.record import RECORD_FILE, Record, read_record, write_record

ANSWERS = {"project_name": "My Shop", "project_slug": "my_shop", "database": "sqlite"}
VERSION = f"{__version__}+0123456789ab"


def test_the_record_is_stable_pretty_json(tmp_path: Path) -> None:
    path = write_record(tmp_path, framework="fastapi", answers=ANSWERS, template_version=VERSION)

    assert path == tmp_path / RECORD_FILE
    expected = {
        "answers": ANSWERS,
        "forge_version": __version__,
        "framework": "fastapi",
        "template_version": VERSION,
    }
    assert path.read_text() == json.dumps(expected, indent=2, sort_keys=True) + "\n"


def test_read_record_finds_it_from_a_directory_inside_the_project(tmp_path: Path) -> None:
    write_record(tmp_path, framework="fastapi", answers=ANSWERS, template_version=VERSION)
    inside = tmp_path / "app" / "api"
    inside.mkdir(parents=True)

    assert read_record(inside) == Record(
        project_dir=tmp_path,
        framework="fastapi",
        answers=ANSWERS,
        forge_version=__version__,
        template_version=VERSION,
    )


def test_read_record_starts_from_the_current_directory(tmp_path: Path, monkeypatch) -> None:
    write_record(tmp_path, framework="fastapi", answers=ANSWERS, template_version=VERSION)
    monkeypatch.chdir(tmp_path)

    assert read_record().project_dir == tmp_path


def test_no_record_is_not_a_forge_project(tmp_path: Path) -> None:
    with pytest.raises(NotAForgeProjectError) as caught:
        read_record(tmp_path)

    assert str(caught.value) == (
        "not a forge project: no .forge.json (or copier's .copier-answers.yml) in "
        f"{tmp_path} or any directory above it; "
        "run this inside a directory made by `forge new` or pass --project"
    )
    assert caught.value.exit_code == 1


@pytest.mark.parametrize(
    "content",
    [
        pytest.param("{not json", id="not-json"),
        pytest.param("[]", id="not-an-object"),
        pytest.param('{"framework": "fastapi"}', id="missing-keys"),
    ],
)
def test_a_corrupt_record_is_not_a_forge_project(tmp_path: Path, content: str) -> None:
    (tmp_path / RECORD_FILE).write_text(content)

    with pytest.raises(NotAForgeProjectError, match=r"is unreadable .*; run this inside"):
        read_record(tmp_path)
