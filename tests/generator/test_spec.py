"""Which project names make a usable package, and why the others do not."""

from __future__ import annotations

import json
from dataclasses import FrozenInstanceError
from pathlib import Path

import pytest
from cookiecutter.environment import StrictEnvironment

from generator.errors import (
    InvalidDescriptionError,
    InvalidProjectNameError,
    InvalidVersionError,
    UnknownOptionValueError,
)
from generator.registry import Template, list_templates, load_template
from generator.spec import (
    ProjectSpec,
    check_description,
    check_slug,
    check_version,
    project_slug,
)

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


@pytest.mark.parametrize(("name", "slug"), GOOD_NAMES)
def test_every_slug_a_name_gives_is_a_slug_that_may_be_given(name: str, slug: str) -> None:
    assert check_slug(slug) == slug


BAD_SLUGS = [
    pytest.param("", "a slug is lowercase letters, digits and _, starting with a letter",
                 "as in 'my_service'", id="empty"),
    pytest.param("My_Shop", "a slug is lowercase letters, digits and _, starting with a letter",
                 "as in 'my_shop'", id="capitals"),
    pytest.param("my-shop", "a slug is lowercase letters, digits and _, starting with a letter",
                 "as in 'my_shop'", id="dash"),
    pytest.param("9lives", "a slug is lowercase letters, digits and _, starting with a letter",
                 "as in 'my_service'", id="leading-digit"),
    pytest.param("_shop", "a slug is lowercase letters, digits and _, starting with a letter",
                 "as in 'shop'", id="leading-underscore"),
    pytest.param("café", "a slug is lowercase letters, digits and _, starting with a letter",
                 "as in 'cafe'", id="accent"),
    pytest.param("class", "it is a Python keyword", "add a word, as in 'class_service'",
                 id="keyword"),
    pytest.param("tests", "it is the name of the tests package",
                 "add a word, as in 'tests_service'", id="tests-package"),
    pytest.param("flask", "it is a package the skeletons depend on",
                 "add a word, as in 'flask_service'", id="dependency"),
]  # fmt: skip


@pytest.mark.parametrize(("slug", "problem", "hint"), BAD_SLUGS)
def test_a_bad_slug_is_refused_as_a_bad_name_is(slug: str, problem: str, hint: str) -> None:
    with pytest.raises(InvalidProjectNameError) as caught:
        check_slug(slug)

    assert str(caught.value) == f"invalid project slug {slug!r}: {problem}; {hint}"
    assert caught.value.exit_code == 2


@pytest.mark.parametrize("description", ["", "Sells pets.", "Ça va: 100% «ok», it's fine"])
def test_a_plain_line_is_a_description(description: str) -> None:
    assert check_description(description) == description


@pytest.mark.parametrize(
    ("description", "problem"),
    [
        pytest.param("two\nlines", "it has a line break or a control character", id="newline"),
        pytest.param("a\ttab", "it has a line break or a control character", id="tab"),
        pytest.param('say "hi"', 'it has a " or a \\', id="double-quote"),
        pytest.param("C:\\path", 'it has a " or a \\', id="backslash"),
    ],
)
def test_a_description_that_breaks_the_files_is_refused(description: str, problem: str) -> None:
    with pytest.raises(InvalidDescriptionError) as caught:
        check_description(description)

    assert str(caught.value) == (
        f"invalid description {description!r}: {problem}; write one line of plain text"
    )
    assert caught.value.exit_code == 2


@pytest.mark.parametrize("version", ["0.1.0", "1", "2.0", "1.0.0rc1", "1.0a2", "1.0.post1",
                                     "3.1.dev0", "1!2.0"])  # fmt: skip
def test_pep_440_versions_in_normal_form_are_taken(version: str) -> None:
    assert check_version(version) == version


@pytest.mark.parametrize("version", ["", "v1.0", "1.0-rc1", "01.0", "1.0.0+local", "one", " 1.0"])
def test_other_versions_are_refused(version: str) -> None:
    with pytest.raises(InvalidVersionError) as caught:
        check_version(version)

    assert str(caught.value) == (
        f"invalid version {version!r}: it is not a PEP 440 version in its normal form; "
        "write it as in 0.1.0, 1.0.0rc1 or 2.3.dev0"
    )
    assert caught.value.exit_code == 2


def test_create_takes_a_slug_description_and_version(template: Template) -> None:
    spec = ProjectSpec.create(
        "123 Co", template, slug="co_123", description="Sells things.", version="2.0.0"
    )

    # A given slug spares the name its own rules: only a blank name is refused.
    assert (spec.name, spec.slug) == ("123 Co", "co_123")
    assert spec.answers == {
        "project_name": "123 Co",
        "project_slug": "co_123",
        "database": "sqlite",
        "description": "Sells things.",
        "version": "2.0.0",
    }


def test_create_leaves_a_missing_description_and_version_to_the_template(
    template: Template,
) -> None:
    spec = ProjectSpec.create("shop", template)

    assert (spec.description, spec.version) == (None, None)
    assert set(spec.answers) == {"project_name", "project_slug", "database"}


@pytest.mark.parametrize(
    ("call", "error"),
    [
        pytest.param({"name": "shop", "slug": "Shop"}, InvalidProjectNameError, id="slug"),
        pytest.param({"name": " ", "slug": "shop"}, InvalidProjectNameError, id="blank-name"),
        pytest.param({"name": "shop", "description": 'a "b"'}, InvalidDescriptionError,
                     id="description"),
        pytest.param({"name": "shop", "version": "latest"}, InvalidVersionError, id="version"),
    ],
)  # fmt: skip
def test_create_refuses_a_bad_slug_description_or_version(
    template: Template, call: dict[str, str], error: type[Exception]
) -> None:
    with pytest.raises(error):
        ProjectSpec.create(template=template, **call)
