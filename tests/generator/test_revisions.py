"""A new resource's Alembic revision chains to the project's one head, found offline."""

from pathlib import Path

import pytest

from generator.errors import MigrationHeadsError
from generator.revisions import NextRevision, next_revision


def _revision(
    project: Path, name: str, revision: str, down: str | None, typed: bool = True
) -> None:
    versions = project / "migrations" / "versions"
    versions.mkdir(parents=True, exist_ok=True)
    annotation = ": str" if typed else ""
    (versions / f"{name}.py").write_text(
        f'"""{name}"""\n\nrevision{annotation} = {revision!r}\ndown_revision = {down!r}\n'
        "\n\ndef upgrade() -> None:\n    raise SystemExit('never imported')\n"
    )


def test_no_alembic_means_no_revision(tmp_path: Path) -> None:
    assert next_revision(tmp_path) is None


def test_numbered_revisions_get_the_next_number(tmp_path: Path) -> None:
    _revision(tmp_path, "0001_create_tasks", "0001", None)
    _revision(tmp_path, "0002_create_notes", "0002", "0001", typed=False)

    assert next_revision(tmp_path) == NextRevision(revision="0003", down_revision="0002")


def test_other_ids_get_a_random_one_chained_to_the_head(tmp_path: Path) -> None:
    _revision(tmp_path, "0001_create_tasks", "0001", None)
    _revision(tmp_path, "ae1027a6acf_add_index", "ae1027a6acf", "0001")

    revision = next_revision(tmp_path)

    assert revision is not None and revision.down_revision == "ae1027a6acf"
    assert len(revision.revision) == 12 and int(revision.revision, 16) >= 0


def test_an_empty_versions_folder_starts_the_chain(tmp_path: Path) -> None:
    (tmp_path / "migrations" / "versions").mkdir(parents=True)

    assert next_revision(tmp_path) == NextRevision(revision="0001", down_revision=None)


def test_two_heads_are_refused_with_the_fix(tmp_path: Path) -> None:
    _revision(tmp_path, "0001_create_tasks", "0001", None)
    _revision(tmp_path, "0002_a", "0002", "0001")
    _revision(tmp_path, "0003_b", "0003", "0001")

    with pytest.raises(MigrationHeadsError, match=r"it has: 0002, 0003; run `alembic merge heads`"):
        next_revision(tmp_path)
