"""Each skeleton's deploy/ and Dockerfile, checked offline: nothing here can run a cluster or
pull an image, so the files are held to the schemas and linters of what would run them, and to
the rules that keep a rollout safe (probes, draining, sizing, migrations once per release).

Kubernetes manifests come with PostgreSQL projects (many instances need a database server);
every project gets the Compose file. The deploy files depend on the framework and the database,
not on the authentication: they run on the default's combinations.
"""

import math
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.support.project import BakedProject

pytestmark = pytest.mark.default_auth

# The oldest Kubernetes the manifests support (the preStop `sleep` action is on by default from
# 1.30) and the newest whose schemas kubernetes-validate bundles.
KUBERNETES_VERSIONS = ("1.30.0", "1.37.0")
# PostgreSQL's default max_connections less the 3 reserved for superusers.
POSTGRES_CONNECTIONS = 97
BIN = Path(sys.executable).parent
PROBE_PATHS = {
    "startupProbe": "/health",
    "livenessProbe": "/health",
    "readinessProbe": "/health/ready",
}


def test_the_dockerfile_passes_hadolint(baked: BakedProject) -> None:
    result = _run(BIN / "hadolint", baked.path / "Dockerfile")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_compose_file_follows_the_compose_specification(baked: BakedProject) -> None:
    compose = baked.path / "deploy" / "compose.yaml"
    result = _run(BIN / "check-jsonschema", "--builtin-schema", "vendor.compose-spec", compose)
    assert result.returncode == 0, result.stdout + result.stderr


def test_compose_migrates_once_before_the_app_starts(baked: BakedProject) -> None:
    services = yaml.safe_load((baked.path / "deploy" / "compose.yaml").read_text())["services"]
    app, migrate = services["app"], services["migrate"]

    assert _runs_the_migrations(migrate["command"], baked)
    assert migrate["restart"] == "no"
    assert app["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}
    assert "/health/ready" in " ".join(app["healthcheck"]["test"])
    assert _seconds(app["stop_grace_period"]) > _graceful_timeout(baked)
    for service in (app, migrate):
        assert service["read_only"] is True
        assert service["tmpfs"] == ["/tmp"]
        assert service["cap_drop"] == ["ALL"]
        # No default secret: Compose refuses to start without one.
        assert service["environment"]["SECRET_KEY"].startswith("${SECRET_KEY:?")
    # Unauthenticated /metrics is not published beyond this machine.
    assert all(port.startswith("127.0.0.1:") for port in app["ports"])
    if baked.combination.database == "postgres":
        database = services["database"]
        assert database["volumes"] == ["database:/var/lib/postgresql/data"]
        assert "pg_isready" in " ".join(database["healthcheck"]["test"])
        assert migrate["depends_on"]["database"] == {"condition": "service_healthy"}
        assert database["environment"]["POSTGRES_PASSWORD"].startswith("${POSTGRES_PASSWORD:?")
    else:
        assert "database" not in services
        assert app["volumes"] == migrate["volumes"] == ["data:/data"]


def test_only_postgres_projects_have_kubernetes_manifests(baked: BakedProject) -> None:
    manifests = [path for path in (baked.path / "deploy").rglob("*") if path.is_file()]
    kubernetes = [path for path in manifests if "kubernetes" in path.parts]
    assert bool(kubernetes) is (baked.combination.database == "postgres")


@pytest.mark.postgres
@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
def test_the_base_manifests_validate_strictly(baked: BakedProject, version: str) -> None:
    base = _kubernetes(baked) / "base"
    resources = yaml.safe_load((base / "kustomization.yaml").read_text())["resources"]
    result = _validate(version, *(base / name for name in resources))
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.postgres
@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
def test_the_production_overlay_validates_strictly(
    baked: BakedProject, version: str, tmp_path: Path
) -> None:
    rendered = tmp_path / "production.yaml"
    rendered.write_text(_render_overlay(baked))
    result = _validate(version, rendered)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "passed" in result.stdout  # it found resources to validate


@pytest.mark.postgres
def test_the_grace_period_covers_the_pause_and_the_drain(baked: BakedProject) -> None:
    pod = _resource(_overlay(baked), "Deployment")["spec"]["template"]["spec"]
    (app,) = pod["containers"]
    pause = app["lifecycle"]["preStop"]["sleep"]["seconds"]

    assert pause >= 1
    assert pod["terminationGracePeriodSeconds"] > pause + _graceful_timeout(baked)


@pytest.mark.postgres
def test_probes_use_the_health_checks(baked: BakedProject) -> None:
    """Which paths: the served test (tests/templates/test_served.py) gets each one from the
    running skeleton."""
    (app,) = _resource(_overlay(baked), "Deployment")["spec"]["template"]["spec"]["containers"]
    probes = {kind: app[kind]["httpGet"] for kind in PROBE_PATHS}

    assert {kind: probe["path"] for kind, probe in probes.items()} == PROBE_PATHS
    assert {probe["port"] for probe in probes.values()} == {"http"}
    assert app["ports"] == [{"name": "http", "containerPort": 8000}]


@pytest.mark.postgres
def test_probes_name_a_host_the_skeleton_answers(baked: BakedProject) -> None:
    """Django answers only the hosts in ALLOWED_HOSTS, and the kubelet sends the pod's address:
    its probes name one. The others answer any host."""
    documents = _overlay(baked)
    (app,) = _resource(documents, "Deployment")["spec"]["template"]["spec"]["containers"]
    settings = _resource(documents, "ConfigMap")["data"]
    for kind in PROBE_PATHS:
        probe = app[kind]["httpGet"]
        headers = {item["name"]: item["value"] for item in probe.get("httpHeaders", [])}
        if baked.combination.framework == "django":
            assert headers["Host"] in settings["ALLOWED_HOSTS"].split(",")
        else:
            assert headers == {}
            assert "ALLOWED_HOSTS" not in settings


@pytest.mark.postgres
def test_workers_match_the_resources_and_the_pools_fit_postgres(baked: BakedProject) -> None:
    documents = _overlay(baked)
    (app,) = _resource(documents, "Deployment")["spec"]["template"]["spec"]["containers"]
    settings = _resource(documents, "ConfigMap")["data"]
    autoscaler = _resource(documents, "HorizontalPodAutoscaler")["spec"]
    requests, limits = app["resources"]["requests"], app["resources"]["limits"]
    workers, pool = int(settings["WEB_CONCURRENCY"]), int(settings["DB_POOL_SIZE"])

    # gunicorn's rule, (2 x CPUs) + 1, over the CPUs the pod asks for.
    assert workers == 2 * math.ceil(float(requests["cpu"])) + 1
    assert limits["memory"] == requests["memory"]
    # Every pod the autoscaler may run, each worker's pool full, and the migration Job.
    assert autoscaler["maxReplicas"] * workers * pool + 1 <= POSTGRES_CONNECTIONS
    assert autoscaler["minReplicas"] >= 2
    # The skeleton reads the setting under this name.
    assert "DB_POOL_SIZE" in (baked.path / ".env.example").read_text()


@pytest.mark.postgres
def test_pods_run_unprivileged_on_a_read_only_root(baked: BakedProject) -> None:
    documents = _overlay(baked)
    for kind in ("Deployment", "Job"):
        pod = _resource(documents, kind)["spec"]["template"]["spec"]
        assert pod["securityContext"]["runAsNonRoot"] is True
        assert pod["automountServiceAccountToken"] is False
        (container,) = pod["containers"]
        context = container["securityContext"]
        assert context["readOnlyRootFilesystem"] is True
        assert context["allowPrivilegeEscalation"] is False
        assert context["capabilities"]["drop"] == ["ALL"]
        mounts = {mount["mountPath"]: mount["name"] for mount in container["volumeMounts"]}
        volumes = {volume["name"]: volume for volume in pod["volumes"]}
        assert volumes[mounts["/tmp"]]["emptyDir"]["medium"] == "Memory"
        assert container["resources"]["requests"]


@pytest.mark.postgres
def test_migrations_run_in_one_job_and_never_in_the_pods(baked: BakedProject) -> None:
    documents = _overlay(baked)
    pod = _resource(documents, "Deployment")["spec"]["template"]["spec"]
    job = _resource(documents, "Job")["spec"]["template"]["spec"]
    (app,), (migrate,) = pod["containers"], job["containers"]

    assert _runs_the_migrations(migrate["command"], baked)
    assert "command" not in app and "args" not in app and "initContainers" not in pod
    assert migrate["image"] == app["image"]
    assert job["restartPolicy"] == "Never"
    # The README's release applies the settings and the Job first, selected by component.
    first = [
        document["kind"]
        for document in documents
        if document["metadata"].get("labels", {}).get("app.kubernetes.io/component")
        in {"settings", "migration"}
    ]
    assert sorted(first) == ["ConfigMap", "Job"]


@pytest.mark.postgres
def test_the_service_and_the_budget_select_the_web_pods_only(baked: BakedProject) -> None:
    documents = _overlay(baked)
    web = _resource(documents, "Deployment")["spec"]["template"]["metadata"]["labels"]
    migration = _resource(documents, "Job")["spec"]["template"]["metadata"]["labels"]
    selectors = [
        _resource(documents, "Service")["spec"]["selector"],
        _resource(documents, "PodDisruptionBudget")["spec"]["selector"]["matchLabels"],
        _resource(documents, "Deployment")["spec"]["selector"]["matchLabels"],
    ]
    for selector in selectors:
        assert selector.items() <= web.items()
        assert not selector.items() <= migration.items()
    assert (
        _resource(documents, "HorizontalPodAutoscaler")["spec"]["scaleTargetRef"]["name"]
        == (_resource(documents, "Deployment")["metadata"]["name"])
    )


@pytest.mark.postgres
def test_secrets_come_from_a_secret_and_settings_from_a_config_map(baked: BakedProject) -> None:
    documents = _overlay(baked)
    settings = _resource(documents, "ConfigMap")
    for kind in ("Deployment", "Job"):
        (container,) = _resource(documents, kind)["spec"]["template"]["spec"]["containers"]
        sources = container["envFrom"]
        assert {"configMapRef": {"name": settings["metadata"]["name"]}} in sources
        assert any("secretRef" in source for source in sources)
    assert not {"SECRET_KEY", "DATABASE_URL"} & settings["data"].keys()
    assert not [document for document in documents if document["kind"] == "Secret"]


# What the tests read.


def _run(*command: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(part) for part in command], capture_output=True, text=True, timeout=120, check=False
    )


def _validate(version: str, *files: Path) -> subprocess.CompletedProcess[str]:
    return _run(BIN / "kubernetes-validate", "--strict", "--kubernetes-version", version, *files)


def _kubernetes(baked: BakedProject) -> Path:
    assert baked.combination.database == "postgres", "mark the test `postgres`"
    return baked.path / "deploy" / "kubernetes"


def _render_overlay(baked: BakedProject) -> str:
    overlay = _kubernetes(baked) / "overlays" / "production"
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        pytest.skip("kubectl is not on PATH: the overlay cannot be rendered offline without it")
    result = _run(kubectl, "kustomize", overlay)
    assert result.returncode == 0, result.stderr
    return result.stdout


def _overlay(baked: BakedProject) -> list[dict[str, Any]]:
    return [document for document in yaml.safe_load_all(_render_overlay(baked)) if document]


def _resource(documents: list[dict[str, Any]], kind: str) -> dict[str, Any]:
    (found,) = [document for document in documents if document["kind"] == kind]
    return found


def _runs_the_migrations(command: list[str], baked: BakedProject) -> bool:
    """The skeleton's own migrate command as the image runs it (no `uv run`: the image's
    environment is on PATH), perhaps told not to ask questions."""
    own = baked.command("migrate")
    if own[:2] == ["uv", "run"]:
        own = own[2:]
    return command[: len(own)] == own and set(command[len(own) :]) <= {"--noinput"}


def _graceful_timeout(baked: BakedProject) -> int:
    conf = (baked.path / "gunicorn.conf.py").read_text()
    match = re.search(r"^graceful_timeout = (\d+)$", conf, re.MULTILINE)
    assert match, "gunicorn.conf.py sets graceful_timeout"
    return int(match.group(1))


def _seconds(duration: str) -> int:
    match = re.fullmatch(r"(\d+)s", duration)
    assert match, duration
    return int(match.group(1))
