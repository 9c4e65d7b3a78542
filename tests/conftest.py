"""Bakes each supported combination once per session; the template and contract tests share it."""

from pathlib import Path

import pytest

from generator import add_endpoint, generate, remove_endpoint
from generator.registry import get_template
from tests.support.combinations import RESOURCES, SUPPORTED, Combination, template_dir
from tests.support.project import BakedProject


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Under pytest-xdist's `--dist loadgroup`, one worker runs all of a combination's tests,
    so each bake, its environment and its contract server are made once."""
    for item in items:
        callspec = getattr(item, "callspec", None)
        if callspec is not None and "combination" in callspec.params:
            item.add_marker(pytest.mark.xdist_group(callspec.params["combination"].id))


@pytest.fixture(scope="session", params=SUPPORTED, ids=lambda combination: combination.id)
def combination(request: pytest.FixtureRequest) -> Combination:
    return request.param


@pytest.fixture(scope="session")
def bake_result(cookies_session, combination: Combination):  # type: ignore[no-untyped-def]
    return cookies_session.bake(
        template=template_dir(combination.framework), extra_context=combination.context()
    )


@pytest.fixture(scope="session")
def baked(bake_result, combination: Combination) -> BakedProject:  # type: ignore[no-untyped-def]
    assert bake_result.exit_code == 0, bake_result.exception
    commands = get_template(combination.framework).commands
    return BakedProject(Path(bake_result.project_path), combination, commands)


@pytest.fixture(scope="session")
def installed(baked: BakedProject) -> BakedProject:
    # A fresh environment from the baked pyproject.toml alone, dev tools included.
    result = baked.run("install")
    assert result.returncode == 0, result.stderr
    return baked


@pytest.fixture(scope="session")
def grown(combination: Combination, tmp_path_factory: pytest.TempPathFactory) -> BakedProject:
    """A project from `forge new` reshaped as a team would: its sample resource removed, the two
    every-field-type resources added, and a third added and removed again; installed."""
    path = generate(
        f"Grown {combination.framework}",
        combination.framework,
        database=combination.database,
        output_dir=tmp_path_factory.mktemp("grown"),
    )
    remove_endpoint("tasks", project=path)
    for name, fields in RESOURCES.items():
        add_endpoint(name, fields, project=path)
    add_endpoint("drafts", "title:str", project=path)
    remove_endpoint("drafts", project=path)
    project = BakedProject(path, combination, get_template(combination.framework).commands)
    result = project.run("install")
    assert result.returncode == 0, result.stderr
    return project
