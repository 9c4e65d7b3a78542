"""The templates forge offers: one per folder in the templates folder with a cookiecutter.json.

Nothing about a framework is written here: its name is its folder's name, and what `forge list`
and `forge new` say about it comes from its cookiecutter.json.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from generator.errors import TemplatesNotFoundError, UnknownFrameworkError, UnknownOptionValueError
from generator.version import __version__

__all__ = [
    "DEFAULT_FRAMEWORK",
    "Option",
    "Template",
    "discover",
    "get_template",
    "list_templates",
    "load_template",
    "templates_root",
]

DEFAULT_FRAMEWORK = "fastapi"
# Every template names its commands alike (`_commands` in its cookiecutter.json): install,
# configure (the .env file), migrate, dev, serve, test, coverage, typecheck, make-migration and
# check-migrations (models and migrations agree). Its README shows them; forge's tests run them.
FIRST_STEPS = ("install", "configure", "migrate", "dev")

_PACKAGE_DIR = Path(__file__).resolve().parent
# A wheel carries the templates inside the package; a source checkout keeps them at its root.
_INSTALLED_TEMPLATES = _PACKAGE_DIR / "templates"
_SOURCE_TEMPLATES = _PACKAGE_DIR.parent / "templates"


@dataclass(frozen=True)
class Option:
    """A choice a template offers, from a list value in its cookiecutter.json."""

    name: str
    choices: tuple[str, ...]

    @property
    def default(self) -> str:
        """The first choice, as cookiecutter takes it when nobody answers."""
        return self.choices[0]


@dataclass(frozen=True)
class Template:
    """A project template: where it is and what it asks."""

    name: str
    path: Path
    description: str
    options: Mapping[str, Option]
    commands: Mapping[str, str]
    # The other public variables' defaults as written: a derived one (the slug) is Jinja.
    defaults: Mapping[str, str] = field(default_factory=dict)
    # What each question means, from cookiecutter's own `__prompts__`: cookiecutter shows it,
    # `forge new` shows it, and copier.yml's `help:` lines repeat it (a test keeps them equal).
    prompts: Mapping[str, str] = field(default_factory=dict)

    @cached_property
    def version(self) -> str:
        """forge's version and a digest of every file of the template (endpoint templates
        included): a project records it, and `forge update` knows what it stands on."""
        digest = hashlib.sha256()
        for path in sorted(self.path.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(self.path).as_posix().encode() + b"\0")
                digest.update(path.read_bytes() + b"\0")
        return f"{__version__}+{digest.hexdigest()[:12]}"

    @property
    def next_steps(self) -> tuple[str, ...]:
        """What a person runs first in a new project: install, write .env, migrate, start the
        dev server."""
        return tuple(self.commands[step] for step in FIRST_STEPS if step in self.commands)

    def choose(self, option: str, value: str | None) -> str:
        """Return `value` for `option`, or its default when None; refuse a value not offered."""
        offered = self.options[option]
        if value is None:
            return offered.default
        if value not in offered.choices:
            raise UnknownOptionValueError(option, value, self.name, offered.choices)
        return value


def templates_root() -> Path:
    """The folder the templates are in, for an installed wheel or a source checkout."""
    return _INSTALLED_TEMPLATES if _INSTALLED_TEMPLATES.is_dir() else _SOURCE_TEMPLATES


def load_template(path: Path) -> Template:
    """Read the template in `path`; its private keys describe it, its list values are options."""
    variables = json.loads((path / "cookiecutter.json").read_text(encoding="utf-8"))
    public = {key: value for key, value in variables.items() if not key.startswith("_")}
    return Template(
        name=path.name,
        path=path,
        description=variables.get("_description", ""),
        options={
            key: Option(key, tuple(value))
            for key, value in public.items()
            if isinstance(value, list)
        },
        commands=dict(variables.get("_commands", {})),
        defaults={key: value for key, value in public.items() if isinstance(value, str)},
        prompts={
            key: _question(prompt) for key, prompt in variables.get("__prompts__", {}).items()
        },
    )


def _question(prompt: str | Mapping[str, str]) -> str:
    """A `__prompts__` entry's question: cookiecutter also lets a choice's entry be a mapping,
    its question under `__prompt__` beside a label for each choice."""
    return prompt if isinstance(prompt, str) else prompt.get("__prompt__", "")


def discover(root: Path | None = None) -> dict[str, Template]:
    """Every template under `root` (the installed templates by default), by framework name."""
    root = root or templates_root()
    manifests = sorted(root.glob("*/cookiecutter.json"))
    if not manifests:
        raise TemplatesNotFoundError(root)
    templates = (load_template(manifest.parent) for manifest in manifests)
    return {template.name: template for template in templates}


def list_templates(root: Path | None = None) -> list[Template]:
    """The templates forge offers, sorted by framework name."""
    return list(discover(root).values())


def get_template(framework: str, root: Path | None = None) -> Template:
    """The template for `framework`; an unknown one is a usage error naming the choices."""
    templates = discover(root)
    try:
        return templates[framework]
    except KeyError:
        raise UnknownFrameworkError(framework, templates) from None
