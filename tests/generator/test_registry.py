"""Templates are found in the templates folder and described by their own cookiecutter.json."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import TemplatesNotFoundError, UnknownFrameworkError
from generator.registry import (
    DEFAULT_FRAMEWORK,
    Option,
    discover,
    get_template,
    list_templates,
    templates_root,
)


def test_every_folder_with_a_cookiecutter_json_is_a_framework(
    make_template, templates_root: Path
) -> None:
    make_template("flask")
    make_template("django")
    (templates_root / "notes").mkdir()  # no cookiecutter.json: not a template

    assert list(discover(templates_root)) == ["django", "flask"]


def test_a_template_describes_itself(make_template, templates_root: Path) -> None:
    path = make_template("flask", style=["blueprints", "views"], _private=["a", "b"])

    template = get_template("flask", templates_root)

    assert template.path == path
    assert template.description == "flask, for tests"
    assert template.commands["test"] == "make test"
    assert template.next_steps == ("make install", "make run")
    assert template.options == {
        "database": Option("database", ("sqlite", "postgres")),
        "style": Option("style", ("blueprints", "views")),
    }
    assert template.options["database"].default == "sqlite"


def test_choose_keeps_an_offered_value_or_takes_the_default(
    make_template, templates_root: Path
) -> None:
    make_template()
    template = get_template("fake", templates_root)

    assert template.choose("database", "postgres") == "postgres"
    assert template.choose("database", None) == "sqlite"


def test_an_unknown_framework_names_the_choices(make_template, templates_root: Path) -> None:
    make_template("flask")
    make_template("django")

    with pytest.raises(UnknownFrameworkError) as caught:
        get_template("rails", templates_root)

    assert str(caught.value) == "unknown framework 'rails'; choose one of: django, flask"
    assert caught.value.exit_code == 2


def test_no_templates_at_all_is_a_broken_installation(tmp_path: Path) -> None:
    with pytest.raises(TemplatesNotFoundError, match="reinstall forge-web") as caught:
        discover(tmp_path / "missing")

    assert caught.value.exit_code == 1


def test_the_shipped_templates_include_the_default_framework() -> None:
    assert (templates_root() / DEFAULT_FRAMEWORK / "cookiecutter.json").is_file()
    assert DEFAULT_FRAMEWORK in [template.name for template in list_templates()]


def test_every_shipped_template_describes_itself_and_offers_the_databases() -> None:
    for template in list_templates():
        assert template.description, template.name
        assert set(template.commands) == {
            "install",
            "configure",
            "migrate",
            "dev",
            "serve",
            "test",
            "coverage",
            "typecheck",
            "make-migration",
            "check-migrations",
            "createsuperuser",
        }
        assert set(template.options["database"].choices) == {"sqlite", "postgres"}, template.name


def test_a_template_says_what_each_question_means_and_defaults_to(
    make_template, templates_root: Path
) -> None:
    make_template(
        description="Does things.",
        __prompts__={
            "project_name": "The project's name",
            "database": {"__prompt__": "Which database", "sqlite": "SQLite, a file"},
        },
    )

    template = get_template("fake", templates_root)

    # cookiecutter lets a choice's prompt be a mapping: its question is under __prompt__.
    assert template.prompts == {"project_name": "The project's name", "database": "Which database"}
    assert template.defaults == {
        "project_name": "My Service",
        "project_slug": "{{ cookiecutter.project_name | slugify(separator='_') }}",
        "description": "Does things.",
    }


def test_every_shipped_template_asks_the_same_questions_in_the_same_words() -> None:
    first, *others = list_templates()
    assert set(first.prompts) == {
        "framework", "project_name", "project_slug", "description", "database", "auth", "version"
    }  # fmt: skip
    assert all(template.prompts == first.prompts for template in others)
    assert all(template.defaults == first.defaults for template in others)
