"""`generator.generate`, the library's front door, with the templates forge ships."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import generate, list_templates, read_record
from generator.errors import InvalidProjectNameError, UnknownFrameworkError, UnknownOptionValueError

COMBINATIONS = [
    pytest.param(template.name, database, id=f"{template.name}-{database}")
    for template in list_templates()
    for database in template.options["database"].choices
]


@pytest.mark.parametrize(("framework", "database"), COMBINATIONS)
def test_generates_every_framework_and_database(
    tmp_path: Path, framework: str, database: str
) -> None:
    project = generate("My Shop", framework, database=database, output_dir=tmp_path)

    assert project == tmp_path / "my_shop"
    record = read_record(project)
    assert record.framework == framework
    assert record.answers["project_name"] == "My Shop"
    assert record.answers["project_slug"] == "my_shop"
    assert record.answers["database"] == database
    assert [path.name for path in tmp_path.iterdir()] == ["my_shop"]


def test_defaults_to_fastapi_sqlite_in_the_current_directory(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)

    project = generate("demo")

    assert project == tmp_path / "demo"
    record = read_record(project)
    assert (record.framework, record.answers["database"]) == ("fastapi", "sqlite")


@pytest.mark.parametrize(
    ("call", "error"),
    [
        pytest.param({"name": "class"}, InvalidProjectNameError, id="bad-name"),
        pytest.param({"name": "demo", "framework": "rails"}, UnknownFrameworkError, id="framework"),
        pytest.param(
            {"name": "demo", "database": "oracle"}, UnknownOptionValueError, id="database"
        ),
    ],
)
def test_bad_answers_are_refused_before_anything_is_written(
    tmp_path: Path, call: dict[str, str], error: type[Exception]
) -> None:
    with pytest.raises(error):
        generate(**call, output_dir=tmp_path / "out")

    assert list(tmp_path.iterdir()) == []
