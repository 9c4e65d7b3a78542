"""Bakes each supported combination once per session; the template and contract tests share it."""

from pathlib import Path

import pytest

from generator import add_endpoint, generate, remove_endpoint
from generator.registry import get_template
from tests.support.combinations import (
    OWNED_RESOURCE,
    RESOURCES,
    SUPPORTED,
    Combination,
    template_dir,
)
from tests.support.project import BakedProject


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under pytest-xdist's `--dist loadgroup`, one worker runs all of a combination's tests,
    so each bake, its environment and its contract server are made once.

    A test marked `users` (or `no_users`) is about what `--auth jwt` adds (or leaves out): it is
    deselected for the combinations it does not describe, rather than skipped there; one marked
    `default_auth` runs on the default's combinations only, to keep the suite in its time; one
    marked `postgres` is about what only PostgreSQL projects have; one marked
    `once_per_framework` exercises code that depends on the framework alone, and runs on its
    default combination (SQLite, users); one marked `open_sqlite_or_postgres` runs where its
    code differs, users on PostgreSQL and the open skeleton on SQLite, and not on SQLite with
    users, which those two cover between them."""
    kept, deselected = [], []
    for item in items:
        callspec = getattr(item, "callspec", None)
        combination = None if callspec is None else callspec.params.get("combination")
        if combination is None:
            kept.append(item)
            continue
        item.add_marker(pytest.mark.xdist_group(combination.id))
        if item.get_closest_marker("no_users"):
            wrong_kind = combination.has_users
        else:
            users_only = item.get_closest_marker("users") or item.get_closest_marker("default_auth")
            wrong_kind = users_only is not None and not combination.has_users
        if item.get_closest_marker("postgres") and combination.database != "postgres":
            wrong_kind = True
        if item.get_closest_marker("open_sqlite_or_postgres") and (
            combination.database == "sqlite" and combination.has_users
        ):
            wrong_kind = True
        if item.get_closest_marker("once_per_framework") and (
            combination.database != "sqlite" or not combination.has_users
        ):
            wrong_kind = True
        (deselected if wrong_kind else kept).append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = kept


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
    every-field-type resources added (one owned by its creators where there are users), and a
    third added and removed again; installed."""
    path = generate(
        f"Grown {combination.framework}",
        combination.framework,
        database=combination.database,
        auth=combination.auth,
        output_dir=tmp_path_factory.mktemp("grown"),
    )
    remove_endpoint("tasks", project=path)
    for name, fields in RESOURCES.items():
        # With users, one resource is owned as tasks are and one is shared by every user.
        owned = combination.has_users and name == OWNED_RESOURCE
        add_endpoint(name, fields, project=path, owned=owned)
    add_endpoint("drafts", "title:str", project=path)
    remove_endpoint("drafts", project=path)
    project = BakedProject(path, combination, get_template(combination.framework).commands)
    result = project.run("install")
    assert result.returncode == 0, result.stderr
    return project
