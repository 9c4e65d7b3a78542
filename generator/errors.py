"""Every error forge reports to a person, in one catalogue.

Each class builds its own one-line message ending in a hint the user can act on, so that the
CLI's single handler only has to print ``forge: error: <message>`` and exit with ``exit_code``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import ClassVar

__all__ = [
    "EditFailedError",
    "EndpointTemplateMissingError",
    "ForgeError",
    "HookFailedError",
    "InvalidFieldsError",
    "InvalidProjectNameError",
    "InvalidResourceNameError",
    "MigrationHeadsError",
    "MissingProjectNameError",
    "NoBaselineError",
    "NotAForgeProjectError",
    "ProjectChangedError",
    "RenderFailedError",
    "ResourceExistsError",
    "TargetExistsError",
    "TemplatesNotFoundError",
    "UncommittedChangesError",
    "UnknownFieldTypeError",
    "UnknownFrameworkError",
    "UnknownOptionValueError",
    "UsageError",
]


def _one_of(choices: Iterable[str]) -> str:
    return ", ".join(choices)


class ForgeError(Exception):
    """Stop and tell the user: the root of everything forge reports.

    Raised never itself; subclasses say what went wrong and what to do about it.
    """

    exit_code: ClassVar[int] = 1


class UsageError(ForgeError):
    """The command line asked for something that cannot be: exit status 2, like a shell tool.

    Raised never itself; its subclasses are the bad arguments.
    """

    exit_code: ClassVar[int] = 2


class InvalidProjectNameError(UsageError):
    """Raised when a project name does not make a usable package name once slugged."""

    def __init__(self, name: str, problem: str, hint: str) -> None:
        super().__init__(f"invalid project name {name!r}: {problem}; {hint}")


class MissingProjectNameError(UsageError):
    """Raised when no project name was given and there is no terminal to ask for one."""

    def __init__(self) -> None:
        super().__init__("missing the project NAME; pass it, as in `forge new 'My Service'`")


class UnknownFrameworkError(UsageError):
    """Raised when a framework has no template."""

    def __init__(self, framework: str, choices: Iterable[str]) -> None:
        super().__init__(f"unknown framework {framework!r}; choose one of: {_one_of(choices)}")


class UnknownOptionValueError(UsageError):
    """Raised when a template option (such as the database) is given a value it does not offer."""

    def __init__(self, option: str, value: str, framework: str, choices: Iterable[str]) -> None:
        super().__init__(
            f"unknown {option} {value!r} for {framework}; choose one of: {_one_of(choices)}"
        )


class TargetExistsError(ForgeError):
    """Raised when the project directory to create already exists: forge never overwrites."""

    def __init__(self, target: Path) -> None:
        super().__init__(
            f"{target} already exists; choose another name or --output-dir, or remove it first"
        )


class TemplatesNotFoundError(ForgeError):
    """Raised when the templates folder holds no template (a broken installation)."""

    def __init__(self, root: Path) -> None:
        super().__init__(f"no templates found in {root}; reinstall forge-web")


class HookFailedError(ForgeError):
    """Raised when a template's hook script exits with an error, usually refusing the answers."""

    def __init__(self, framework: str, hook: str, reason: str) -> None:
        super().__init__(
            f"the {framework} template's {hook} hook failed: {reason}; nothing was written"
        )


class RenderFailedError(ForgeError):
    """Raised when cookiecutter, Jinja or the file system fail while rendering a template."""

    def __init__(self, framework: str, cause: BaseException) -> None:
        lines = str(cause).strip().splitlines()
        reason = lines[0] if lines else type(cause).__name__  # the first line names the cause
        super().__init__(
            f"rendering the {framework} template failed: {reason}; nothing was written, "
            "fix the cause and run the command again"
        )


class NotAForgeProjectError(ForgeError):
    """Raised when a directory has no readable ``.forge.json`` in it or above it."""

    def __init__(self, reason: str) -> None:
        super().__init__(
            f"not a forge project: {reason}; "
            "run this inside a directory made by `forge new` or pass --project"
        )


class InvalidFieldsError(UsageError):
    """Raised when `--fields` is empty or one of its fields is malformed, misnamed or repeated."""

    def __init__(self, field: str, problem: str, hint: str) -> None:
        subject = f"field {field!r}" if field else "--fields"
        super().__init__(f"invalid {subject}: {problem}; {hint}")


class UnknownFieldTypeError(UsageError):
    """Raised when a field's type is not one forge can generate."""

    def __init__(self, field: str, type_: str, choices: Iterable[str]) -> None:
        super().__init__(
            f"unknown type {type_!r} for field {field!r}; choose one of: {_one_of(choices)}"
        )


class InvalidResourceNameError(UsageError):
    """Raised when a resource name is not a plural snake_case name free for a new resource."""

    def __init__(self, name: str, problem: str, hint: str) -> None:
        super().__init__(f"invalid resource name {name!r}: {problem}; {hint}")


class ResourceExistsError(ForgeError):
    """Raised when a file a new resource would create exists: forge never overwrites."""

    def __init__(self, name: str, path: str) -> None:
        super().__init__(
            f"cannot add {name!r}: {path} exists already; choose another resource name"
        )


class EditFailedError(ForgeError):
    """Raised when a file forge must edit no longer has the structure it edits by."""

    def __init__(self, name: str, path: str, problem: str, hint: str) -> None:
        super().__init__(f"cannot add {name!r}: {path} {problem}; {hint}; nothing was written")


class MigrationHeadsError(ForgeError):
    """Raised when the project's Alembic revisions do not end in exactly one head."""

    def __init__(self, heads: Iterable[str]) -> None:
        listed = _one_of(heads) or "none"
        super().__init__(
            f"migrations/versions must have exactly one head revision, it has: {listed}; "
            "run `alembic merge heads` (or fix down_revision) first; nothing was written"
        )


class EndpointTemplateMissingError(ForgeError):
    """Raised when a framework's template has no endpoint templates (a broken installation)."""

    def __init__(self, framework: str, path: Path) -> None:
        super().__init__(
            f"the {framework} template has no endpoint templates ({path}); reinstall forge-web"
        )


class ProjectChangedError(ForgeError):
    """Raised when a file changed between planning and writing an endpoint."""

    def __init__(self, path: str) -> None:
        super().__init__(
            f"{path} changed while forge was writing; every file was put back as it was, "
            "run the command again"
        )


class UncommittedChangesError(ForgeError):
    """Raised when `forge update` would merge into changes git could not give back."""

    def __init__(self, project: Path, problem: str) -> None:
        super().__init__(
            f"{project} {problem}; forge update merges into a clean git working tree, so that "
            "you can review its changes and undo them: commit (or stash) first"
        )


class NoBaselineError(ForgeError):
    """Raised when a project lacks the baseline a three-way merge needs."""

    def __init__(self, project: Path) -> None:
        super().__init__(
            f"{project} has no .forge/baseline.zip (what forge generated), so there is nothing to "
            "merge against; it was made by an older forge, or the file was deleted: restore it "
            "from git"
        )
