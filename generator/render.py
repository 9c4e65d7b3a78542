"""Render a template into a new project directory: all of it, or nothing.

`cookiecutter.main.cookiecutter()` reads ~/.cookiecutterrc and writes replay files under ~; its
building blocks do neither, so forge drives those itself. The answers come only from the spec
and the template, and every write lands inside the output directory.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from cookiecutter.exceptions import CookiecutterException
from cookiecutter.find import find_template
from cookiecutter.generate import generate_context, generate_files
from cookiecutter.prompt import prompt_for_config
from cookiecutter.utils import create_env_with_context
from jinja2 import TemplateError

from generator.baseline import BASELINE, pack, snapshot
from generator.errors import RenderFailedError, TargetExistsError
from generator.hooks import run_hook
from generator.record import write_record
from generator.registry import Template
from generator.repository import Repository, init_repository
from generator.spec import ProjectSpec

__all__ = ["render", "render_again"]

Context = dict[str, Any]


def render(spec: ProjectSpec, template: Template) -> tuple[Path, Repository]:
    """Create `spec`'s project from `template`; return its directory and its repository.

    An existing target is refused before anything is written. The project is rendered into a
    staging directory inside the output directory (so on the same file system), given its
    record and, with `spec.git`, its git repository, then renamed into place: a failure or an
    interrupt at any point leaves the output directory as it was, and removes it if forge had
    to create it.
    """
    with _reported_as(template.name):
        context = _context(template, spec.answers)
        target = spec.output_dir / _project_dirname(template, context)
        if target.exists():
            raise TargetExistsError(target)
        with _staging_dir(spec.output_dir) as staging:
            project = _bake(template, context, staging / target.name)
            _remember(project, template, _public(context))
            repository = Repository.NOT_ASKED
            if spec.git:
                repository = init_repository(project, framework=template.name)
            project.rename(target)
    return target, repository


def render_again(template: Template, answers: Mapping[str, Any], scratch: Path) -> Path:
    """Render `template` with a project's recorded `answers` into a new folder in `scratch`,
    record included: what forge would generate for that project today."""
    with _reported_as(template.name):
        context = _context(template, {key: str(value) for key, value in answers.items()})
        project = _bake(template, context, scratch / _project_dirname(template, context))
        _remember(project, template, _public(context))
    return project


def _remember(project: Path, template: Template, answers: Mapping[str, Any]) -> None:
    """Give a freshly rendered project its record and its baseline (generator.baseline)."""
    baseline = project / BASELINE
    baseline.parent.mkdir()
    baseline.write_bytes(pack(snapshot(project)))
    write_record(
        project, framework=template.name, answers=answers, template_version=template.version
    )


def _context(template: Template, answers: dict[str, str]) -> Context:
    """The template's variables with `answers` applied and the others rendered from defaults."""
    context = generate_context(str(template.path / "cookiecutter.json"), extra_context=answers)
    context["cookiecutter"] = prompt_for_config(context, no_input=True)
    return context


def _project_dirname(template: Template, context: Context) -> str:
    """The name the template's project folder renders to, known before anything is written."""
    env = create_env_with_context(context)
    return env.from_string(find_template(template.path, env).name).render(**context)


def _public(context: Context) -> dict[str, Any]:
    """The answers a person gave or could have given: cookiecutter keeps `_` keys private."""
    return {key: value for key, value in context["cookiecutter"].items() if not key.startswith("_")}


def _bake(template: Template, context: Context, project: Path) -> Path:
    """Render the template into `project`, running its hooks around the files as cookiecutter
    does; the rendered hook scripts are left beside `project`, in the staging directory."""
    project.mkdir()
    run_hook(template, "pre_gen_project", project, context, scratch=project.parent)
    # `project` exists already so that the pre-gen hook could run inside it, as under cookiecutter;
    # it is new and empty, so "overwrite" cannot clobber anything.
    generate_files(
        template.path,
        context,
        output_dir=project.parent,
        overwrite_if_exists=True,
        accept_hooks=False,
    )
    _drop_empty_folders(project)
    run_hook(template, "post_gen_project", project, context, scratch=project.parent)
    return project


def _drop_empty_folders(project: Path) -> None:
    """cookiecutter creates every folder of the template, also those whose files all rendered
    to empty names (a PostgreSQL project's Kubernetes manifests in a SQLite one): a project has
    no folder with nothing in it."""
    for folder in sorted(project.rglob("*"), key=lambda path: len(path.parts), reverse=True):
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()


@contextmanager
def _staging_dir(output_dir: Path) -> Iterator[Path]:
    """A fresh directory inside `output_dir`, always removed; on failure, so is any part of
    `output_dir` that had to be created for it."""
    created = _outermost_missing(output_dir)
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix=".forge-", dir=output_dir) as staging:
            yield Path(staging)
    except BaseException:  # KeyboardInterrupt too: an interrupted run must leave nothing
        if created is not None:
            shutil.rmtree(created, ignore_errors=True)
        raise


def _outermost_missing(path: Path) -> Path | None:
    """The directory `mkdir -p path` would create first, or None if `path` exists."""
    missing = [directory for directory in (path, *path.parents) if not directory.exists()]
    return missing[-1] if missing else None


@contextmanager
def _reported_as(framework: str) -> Iterator[None]:
    """Turn what cookiecutter, Jinja and the file system raise into a ForgeError."""
    try:
        yield
    except (CookiecutterException, TemplateError, OSError) as error:
        raise RenderFailedError(framework, error) from error
