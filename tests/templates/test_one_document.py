"""One OpenAPI document whatever the framework: the same project generated in each, served as in
production, answers the same `/openapi.json` once human text is dropped, fresh and after
`add-endpoint`; and a client generated from one of them works against all three."""

import importlib
import json
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

from generator import add_endpoint, generate
from generator.registry import get_template
from tests.support.combinations import FRAMEWORKS, OWNED_RESOURCE, RESOURCES, Combination
from tests.support.database import fresh_database
from tests.support.openapi import differences, normalize
from tests.support.project import BakedProject
from tests.support.serving import Server, production_environment, serving

# Every test here needs the three frameworks at once: one xdist worker makes them once.
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("one-document")]

PROJECT = "Same API"
# A tool of its own (its typer pin conflicts with forge's); the client it writes needs only
# httpx, attrs and python-dateutil, which forge's test environment has.
OPENAPI_PYTHON_CLIENT = "openapi-python-client==0.29.1"
STAGES = ("fresh", "grown")
OPERATIONS = {
    "fresh": {
        "get_health",
        "get_readiness",
        # Section 4 of the contract: the default skeleton has users and tokens.
        "register_user",
        "create_token",
        "refresh_token",
        "revoke_token",
        "get_current_user",
        "change_password",
        *(f"{verb}_task" for verb in ("create", "get", "replace", "update", "delete")),
        "list_tasks",
    },
}
OPERATIONS["grown"] = (
    OPERATIONS["fresh"]
    | {
        f"{verb}_{singular}"
        for singular in ("author", "reading", "book")
        for verb in ("create", "get", "replace", "update", "delete")
    }
    | {"list_authors", "list_readings", "list_books"}
)
SCHEMAS = {
    "fresh": {"Problem", "ProblemError", "Health", "Readiness"}
    | {"UserCreate", "UserOut", "TokenCreate", "TokenPair", "TokenRefresh", "PasswordChange"}
    | {f"Task{role}" for role in ("Out", "Create", "Replace", "Patch", "Page")},
}
SCHEMAS["grown"] = SCHEMAS["fresh"] | {
    f"{model}{role}"
    for model in ("Author", "Reading", "Book")
    for role in ("Out", "Create", "Replace", "Patch", "Page")
}


@contextmanager
def _served(project: BakedProject, workdir: Path) -> Iterator[Server]:
    with (
        fresh_database("sqlite", workdir) as database_url,
        serving(project, production_environment(database_url)) as server,
    ):
        yield server


def _document(project: BakedProject, workdir: Path) -> dict[str, Any]:
    with _served(project, workdir) as server:
        response = httpx.get(f"{server.url}/openapi.json", timeout=10)
    assert response.status_code == 200, response.text
    return response.json()


@pytest.fixture(scope="module")
def projects(tmp_path_factory: pytest.TempPathFactory) -> dict[str, BakedProject]:
    """The same project in each framework, installed as its README says."""
    made = {}
    for framework in FRAMEWORKS:
        path = generate(PROJECT, framework, output_dir=tmp_path_factory.mktemp(framework))
        project = BakedProject(
            path, Combination(framework, "sqlite"), get_template(framework).commands
        )
        installed = project.run("install")
        assert installed.returncode == 0, installed.stderr
        made[framework] = project
    return made


@pytest.fixture(scope="module")
def documents(
    projects: dict[str, BakedProject], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, dict[str, dict[str, Any]]]:
    """Each framework's served document, fresh and after growing the every-field-type resources."""
    served: dict[str, dict[str, dict[str, Any]]] = {stage: {} for stage in STAGES}
    workdir = tmp_path_factory.mktemp("documents")
    for framework, project in projects.items():
        served["fresh"][framework] = _document(project, workdir)
    # The client test below serves the fresh projects; the grown copies are made apart.
    for framework in FRAMEWORKS:
        path = generate(
            PROJECT, framework, output_dir=tmp_path_factory.mktemp(f"grown-{framework}")
        )
        for name, fields in RESOURCES.items():
            add_endpoint(name, fields, project=path, owned=name == OWNED_RESOURCE)
        project = BakedProject(path, projects[framework].combination, projects[framework].commands)
        installed = project.run("install")
        assert installed.returncode == 0, installed.stderr
        served["grown"][framework] = _document(project, workdir)
    return served


@pytest.mark.parametrize("stage", STAGES)
def test_the_three_documents_are_one(
    documents: dict[str, dict[str, dict[str, Any]]], stage: str
) -> None:
    normalized = {
        framework: normalize(document) for framework, document in documents[stage].items()
    }
    reference, *others = FRAMEWORKS

    diffs = [
        differences(normalized[reference], normalized[other], (reference, other))
        for other in others
    ]

    assert not any(diffs), "\n\n".join(diff for diff in diffs if diff)


@pytest.mark.parametrize("framework", FRAMEWORKS)
@pytest.mark.parametrize("stage", STAGES)
def test_operations_and_schemas_are_named_by_the_contract(
    documents: dict[str, dict[str, dict[str, Any]]], stage: str, framework: str
) -> None:
    document = documents[stage][framework]
    operations = {
        (path, method): operation
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method != "parameters"
    }

    assert document["openapi"] == "3.1.0"
    assert {operation["operationId"] for operation in operations.values()} == OPERATIONS[stage]
    assert set(document["components"]["schemas"]) == SCHEMAS[stage]
    for (path, _), operation in operations.items():
        # The resource's plural: `blog_posts` for the path `/api/blog-posts`.
        resource = path.split("/")[2].replace("-", "_") if path.startswith("/api/") else "health"
        assert operation["tags"] == [resource]


@pytest.fixture(scope="module")
def typed_client(
    documents: dict[str, dict[str, dict[str, Any]]], tmp_path_factory: pytest.TempPathFactory
) -> ModuleType:
    """openapi-python-client's client generated from the FastAPI skeleton's document alone."""
    workdir = tmp_path_factory.mktemp("client")
    document = workdir / "openapi.json"
    document.write_text(json.dumps(documents["fresh"]["fastapi"]))
    generated = subprocess.run(
        [
            "uv",
            "tool",
            "run",
            "--from",
            OPENAPI_PYTHON_CLIENT,
            "openapi-python-client",
            "generate",
            "--path",
            str(document),
            "--meta",
            "uv",
            "--output-path",
            str(workdir / "client"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert generated.returncode == 0, generated.stdout + generated.stderr
    assert "Warning" not in generated.stdout, generated.stdout
    sys.path.insert(0, str(workdir / "client"))
    return importlib.import_module("same_api_client")


def _operation(package: ModuleType, tag: str, name: str) -> ModuleType:
    return importlib.import_module(f"{package.__name__}.api.{tag}.{name}")


def _sign_in_through_the_client(package: ModuleType, base_url: str) -> tuple[Any, list[str]]:
    """Register, log in, refresh, look at oneself, change the password and log out through the
    generated client; return a client authenticated with a fresh token."""
    models = importlib.import_module(f"{package.__name__}.models")
    anonymous = package.Client(base_url=base_url, raise_on_unexpected_status=True)
    email, password = f"client-{uuid.uuid4().hex[:8]}@example.com", "through the client"
    steps = []

    user = _operation(package, "auth", "register_user").sync(
        client=anonymous, body=models.UserCreate(email=email, password=password)
    )
    assert isinstance(user, models.UserOut) and user.email == email
    steps.append("register_user -> 201 UserOut")
    create_token = _operation(package, "auth", "create_token")
    pair = create_token.sync(client=anonymous, body=models.TokenCreate(email, password))
    assert isinstance(pair, models.TokenPair) and pair.token_type == "bearer"
    wrong = create_token.sync_detailed(client=anonymous, body=models.TokenCreate(email, "x" * 8))
    assert wrong.status_code == 401 and isinstance(wrong.parsed, models.Problem)
    steps.append("create_token -> 200 TokenPair; a wrong password -> 401 Problem")
    renewed = _operation(package, "auth", "refresh_token").sync(
        client=anonymous, body=models.TokenRefresh(pair.refresh_token)
    )
    assert isinstance(renewed, models.TokenPair) and renewed.refresh_token != pair.refresh_token
    steps.append("refresh_token -> 200 TokenPair, a new refresh token")
    client = package.AuthenticatedClient(
        base_url=base_url, token=renewed.access_token, raise_on_unexpected_status=True
    )
    me = _operation(package, "users", "get_current_user").sync(client=client)
    assert isinstance(me, models.UserOut) and me.to_dict() == user.to_dict()
    steps.append("get_current_user -> 200 UserOut, the registered one")
    changed = _operation(package, "users", "change_password").sync_detailed(
        client=client, body=models.PasswordChange(password, password + " again")
    )
    assert changed.status_code == 204
    pair = create_token.sync(client=anonymous, body=models.TokenCreate(email, password + " again"))
    revoked = _operation(package, "auth", "revoke_token").sync_detailed(
        client=anonymous, body=models.TokenRefresh(pair.refresh_token)
    )
    assert revoked.status_code == 204
    steps.append("change_password -> 204; revoke_token -> 204")
    return client, steps


def _crud_through_the_client(package: ModuleType, base_url: str) -> list[str]:
    api = importlib.import_module(f"{package.__name__}.api.tasks")
    models = importlib.import_module(f"{package.__name__}.models")
    modules = {
        name: importlib.import_module(f"{api.__name__}.{name}")
        for name in ("create_task", "get_task", "list_tasks", "replace_task", "update_task")
    }
    delete_task = importlib.import_module(f"{api.__name__}.delete_task")
    unauthenticated = modules["list_tasks"].sync_detailed(
        client=package.Client(base_url=base_url, raise_on_unexpected_status=True)
    )
    assert unauthenticated.status_code == 401
    assert isinstance(unauthenticated.parsed, models.Problem)
    client, steps = _sign_in_through_the_client(package, base_url)
    steps.append("list_tasks without a token -> 401 Problem")

    created = modules["create_task"].sync_detailed(
        client=client, body=models.TaskCreate(title="  Through the client  ")
    )
    assert created.status_code == 201 and isinstance(created.parsed, models.TaskOut)
    task = created.parsed
    assert (task.title, task.done) == ("Through the client", False)
    assert created.headers["location"] == f"/api/tasks/{task.id}"
    steps.append(f"create_task -> 201 TaskOut(id={task.id}, title={task.title!r})")

    fetched = modules["get_task"].sync(client=client, task_id=task.id)
    assert isinstance(fetched, models.TaskOut) and fetched.to_dict() == task.to_dict()
    steps.append("get_task -> 200 TaskOut, equal to the created one")

    page = modules["list_tasks"].sync(client=client, per_page=100, done=False)
    assert isinstance(page, models.TaskPage)
    assert task.id in [item.id for item in page.items]
    steps.append(f"list_tasks(done=False) -> 200 TaskPage(total={page.total})")

    replaced = modules["replace_task"].sync(
        client=client, task_id=task.id, body=models.TaskReplace(title="Replaced", done=True)
    )
    assert isinstance(replaced, models.TaskOut) and (replaced.title, replaced.done) == (
        "Replaced",
        True,
    )
    steps.append("replace_task -> 200 TaskOut(done=True)")

    updated = modules["update_task"].sync(
        client=client, task_id=task.id, body=models.TaskPatch(done=False)
    )
    assert isinstance(updated, models.TaskOut) and (updated.title, updated.done) == (
        "Replaced",
        False,
    )
    steps.append("update_task -> 200 TaskOut(done=False)")

    invalid = modules["create_task"].sync_detailed(client=client, body=models.TaskCreate(title=" "))
    assert invalid.status_code == 422 and isinstance(invalid.parsed, models.Problem)
    assert [error.pointer for error in invalid.parsed.errors] == ["#/title"]
    steps.append("create_task(title=' ') -> 422 Problem(errors=[#/title])")

    deleted = delete_task.sync_detailed(client=client, task_id=task.id)
    missing = modules["get_task"].sync_detailed(client=client, task_id=task.id)
    assert deleted.status_code == 204
    assert missing.status_code == 404 and isinstance(missing.parsed, models.Problem)
    steps.append("delete_task -> 204, then get_task -> 404 Problem")
    return steps


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_a_client_generated_from_one_document_serves_all_three(
    typed_client: ModuleType,
    projects: dict[str, BakedProject],
    framework: str,
    tmp_path: Path,
) -> None:
    with _served(projects[framework], tmp_path) as server:
        steps = _crud_through_the_client(typed_client, server.url)

    # The note on the change quotes this: run with -s to see it.
    print(f"\n{framework}:\n  " + "\n  ".join(steps))
