"""Which project names make a usable package, and why the others do not."""

from __future__ import annotations

import json
from dataclasses import FrozenInstanceError
from pathlib import Path

import pytest
from cookiecutter.environment import StrictEnvironment

from generator.errors import InvalidProjectNameError, UnknownOptionValueError
from generator.registry import Template, list_templates, load_template
from generator.spec import ProjectSpec, project_slug

GOOD_NAMES = [
    pytest.param("My Service", "my_service", id="words"),
    pytest.param("demo", "demo", id="one-word"),
    pytest.param("  Shop API  ", "shop_api", id="surrounding-blanks"),
    pytest.param("billing-v2", "billing_v2", id="dash-and-digit"),
    pytest.param("Café Crème", "cafe_creme", id="accents"),
    pytest.param("Orders!", "orders", id="punctuation"),
    pytest.param("abc123", "abc123", id="digits-after-letters"),
    pytest.param("testing", "testing", id="test-prefix-is-fine"),
]

BAD_NAMES = [
    pytest.param("", "it is empty", id="empty"),
    pytest.param("   ", "it is empty", id="blank"),
    pytest.param("-", "it has no letters or digits", id="only-punctuation"),
    pytest.param("123abc", "its slug '123abc' is not a Python identifier", id="leading-digit"),
    pytest.param("class", "its slug 'class' is a Python keyword", id="keyword"),
    pytest.param("Class", "its slug 'class' is a Python keyword", id="keyword-any-case"),
    pytest.param("json", "its slug 'json' is a standard library module", id="stdlib"),
    pytest.param("Logging", "its slug 'logging' is a standard library module", id="stdlib-caps"),
    pytest.param("app", "its slug 'app' is a package of the skeletons' own", id="app"),
    pytest.param("config", "its slug 'config' is a package of the skeletons' own", id="config"),
    pytest.param("whitenoise", "its slug 'whitenoise' is a package the skeletons depend on",
                 id="django-dependency"),
    pytest.param("test", "its slug 'test' is the name of the tests package", id="test"),
    pytest.param("tests", "its slug 'tests' is the name of the tests package", id="tests"),
    pytest.param("FastAPI", "its slug 'fastapi' is a package the skeletons depend on", id="dep"),
    pytest.param("uvicorn-worker", "its slug 'uvicorn_worker' is a package the skeletons depend on",
                 id="dep-after-slugging"),
    pytest.param("rest framework", "its slug 'rest_framework' is a package the skeletons depend on",
                 id="django-dep"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "slug"), GOOD_NAMES)
def test_good_names_slug_as_the_templates_do(name: str, slug: str) -> None:
    assert project_slug(name) == slug


@pytest.mark.parametrize(("name", "slug"), GOOD_NAMES)
@pytest.mark.parametrize("template", list_templates(), ids=lambda template: template.name)
def test_every_template_slugs_names_the_same_way(template: Template, name: str, slug: str) -> None:
    expression = json.loads((template.path / "cookiecutter.json").read_text())["project_slug"]
    environment = StrictEnvironment()  # cookiecutter's, with its slugify filter

    assert environment.from_string(expression).render(cookiecutter={"project_name": name}) == slug


@pytest.mark.parametrize(("name", "problem"), BAD_NAMES)
def test_bad_names_are_refused_with_the_reason_and_a_hint(name: str, problem: str) -> None:
    with pytest.raises(InvalidProjectNameError) as caught:
        project_slug(name)

    assert str(caught.value).startswith(f"invalid project name {name!r}: {problem}; ")
    assert caught.value.exit_code == 2


def test_a_clashing_name_gets_a_suggestion_that_would_pass() -> None:
    with pytest.raises(InvalidProjectNameError, match="add a word, as in 'json_service'"):
        project_slug("json")

    assert project_slug("json_service") == "json_service"


@pytest.fixture
def template(make_template) -> Template:
    return load_template(make_template())


def test_create_fills_the_spec_from_the_name_and_the_template(template: Template) -> None:
    spec = ProjectSpec.create(" My Shop ", template, database="postgres", output_dir="out")

    assert spec == ProjectSpec(
        name="My Shop",
        slug="my_shop",
        framework="fake",
        database="postgres",
        output_dir=Path("out").absolute(),
    )
    assert spec.answers == {
        "project_name": "My Shop",
        "project_slug": "my_shop",
        "database": "postgres",
    }


def test_create_takes_the_templates_default_database(template: Template) -> None:
    assert ProjectSpec.create("shop", template).database == "sqlite"


def test_create_refuses_a_database_the_template_does_not_offer(template: Template) -> None:
    with pytest.raises(UnknownOptionValueError) as caught:
        ProjectSpec.create("shop", template, database="oracle")

    assert (
        str(caught.value) == "unknown database 'oracle' for fake; choose one of: sqlite, postgres"
    )
    assert caught.value.exit_code == 2


def test_the_spec_is_frozen(template: Template) -> None:
    spec = ProjectSpec.create("shop", template)

    with pytest.raises(FrozenInstanceError):
        spec.slug = "other"  # type: ignore[misc]
