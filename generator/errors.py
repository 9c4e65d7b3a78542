"""Every error forge reports to a person, in one catalogue.

Each class builds its own one-line message ending in a hint the user can act on, so that the
CLI's single handler only has to print ``forge: error: <message>`` and exit with ``exit_code``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import ClassVar

__all__ = [
    "ComparisonFailedError",
    "EditFailedError",
    "EndpointTemplateMissingError",
    "ForgeError",
    "GitFailedError",
    "HookFailedError",
    "InvalidDescriptionError",
    "InvalidDurationError",
    "InvalidFieldsError",
    "InvalidProjectNameError",
    "InvalidResourceNameError",
    "InvalidVersionError",
    "LoadToolFailedError",
    "LoginFailedError",
    "MigrationHeadsError",
    "MissingExtraError",
    "MissingProjectNameError",
    "NoBaselineError",
    "NoLoadToolError",
    "NotAForgeProjectError",
    "OptionTooSmallError",
    "OutputExistsError",
    "OwnedWithoutUsersError",
    "PostgresNeededError",
    "PostgresUnreachableError",
    "ProjectChangedError",
    "RenderFailedError",
    "RenderedByCopierError",
    "ResourceExistsError",
    "ResourceNotFoundError",
    "ResourceReferencedError",
    "TargetExistsError",
    "TemplatesNotFoundError",
    "ToolMissingError",
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
    """Raised when a project name does not make a usable package name once slugged, or a slug
    given instead of the derived one is not usable (`subject` then says "project slug")."""

    def __init__(
        self, name: str, problem: str, hint: str, *, subject: str = "project name"
    ) -> None:
        super().__init__(f"invalid {subject} {name!r}: {problem}; {hint}")


class InvalidDescriptionError(UsageError):
    """Raised when a description would break the files it is written into (pyproject.toml's
    quoted string, the package docstring)."""

    def __init__(self, description: str, problem: str) -> None:
        super().__init__(
            f"invalid description {description!r}: {problem}; write one line of plain text"
        )


class InvalidVersionError(UsageError):
    """Raised when a project version is not one that pip, uv and hatchling accept as written."""

    def __init__(self, version: str) -> None:
        super().__init__(
            f"invalid version {version!r}: it is not a PEP 440 version in its normal form; "
            "write it as in 0.1.0, 1.0.0rc1 or 2.3.dev0"
        )


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


class GitFailedError(ForgeError):
    """Raised when git fails while giving a new project its repository; nothing is left behind."""

    def __init__(self, command: str, output: str) -> None:
        super().__init__(
            f"{command} failed in the new project: {output or 'no output'}; fix git's"
            " configuration, or pass --no-git to skip the repository"
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


class OwnedWithoutUsersError(UsageError):
    """Raised when `forge add-endpoint --owned` runs in a project without users to own rows."""

    def __init__(self, name: str) -> None:
        super().__init__(
            f"cannot make {name!r} owned: the project has no users (it was generated with"
            " --auth none); drop --owned"
        )


class ResourceNotFoundError(UsageError):
    """Raised when `forge remove-endpoint` names a resource the project does not have."""

    def __init__(self, name: str, present: list[str]) -> None:
        have = ", ".join(present) if present else "none"
        super().__init__(
            f"cannot remove {name!r}: the project has no such resource (it has: {have});"
            " check the name"
        )


class ResourceReferencedError(ForgeError):
    """Raised when removing a resource would leave another's reference without its target."""

    def __init__(self, name: str, referrer: str) -> None:
        super().__init__(
            f"cannot remove {name!r}: {referrer} refers to it; remove {referrer} (or its"
            f" reference) first; nothing was written"
        )


class EditFailedError(ForgeError):
    """Raised when a file forge must edit no longer has the structure it edits by."""

    def __init__(
        self, name: str, path: str, problem: str, hint: str, *, action: str = "add"
    ) -> None:
        super().__init__(f"cannot {action} {name!r}: {path} {problem}; {hint}; nothing was written")


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


class RenderedByCopierError(ForgeError):
    """Raised when `forge update` is asked to update a project that copier rendered."""

    def __init__(self, project: Path) -> None:
        super().__init__(
            f"{project} was rendered by copier, which keeps its own record of the templates it"
            " used: run `copier update` there (resources added by forge add-endpoint stay)"
        )


class NoBaselineError(ForgeError):
    """Raised when a project lacks the baseline a three-way merge needs."""

    def __init__(self, project: Path) -> None:
        super().__init__(
            f"{project} has no .forge/baseline.zip (what forge generated), so there is nothing to "
            "merge against; it was made by an older forge, or the file was deleted: restore it "
            "from git"
        )


class InvalidDurationError(UsageError):
    """Raised when a duration option is not a number of seconds or milliseconds."""

    def __init__(self, option: str, value: str, problem: str) -> None:
        super().__init__(
            f"invalid {option} {value!r}: {problem}; write it as in 10s, 2m or 500ms "
            "(--duration and --warmup take whole seconds)"
        )


class OptionTooSmallError(UsageError):
    """Raised when a count option (connections, workers) is below what makes sense."""

    def __init__(self, flag: str, value: int, minimum: int) -> None:
        super().__init__(f"--{flag} {value} is too small; give at least {minimum}")


class NoLoadToolError(ForgeError):
    """Raised when neither wrk nor oha is on PATH: a Python client would measure itself."""

    def __init__(self) -> None:
        super().__init__(
            "forge compare needs an HTTP load tool on PATH and found neither wrk nor oha; "
            "install wrk (Debian/Ubuntu: `sudo apt-get install wrk`, macOS: `brew install wrk`) "
            "or oha (`brew install oha`, `cargo install oha`), then run it again"
        )


class ToolMissingError(ForgeError):
    """Raised when a command forge runs for the user (uv) is not installed."""

    def __init__(self, tool: str, why: str, hint: str) -> None:
        super().__init__(f"{tool} is not on PATH and {why}; {hint}")


class MissingExtraError(ForgeError):
    """Raised when an optional dependency of one command is not installed."""

    def __init__(self, package: str, why: str, extra: str) -> None:
        super().__init__(
            f"{why} needs {package}, which is not installed; "
            f"install forge with it: `uv pip install 'forge-web[{extra}]'`"
        )


class OutputExistsError(ForgeError):
    """Raised when a file a command would write exists already: forge never overwrites."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path} exists already; choose another --out directory or move it")


class PostgresNeededError(UsageError):
    """Raised when a comparison on PostgreSQL has no server to create its databases on."""

    def __init__(self, variable: str) -> None:
        super().__init__(
            "--database postgres needs a PostgreSQL server: pass --postgres-url "
            f"postgresql://USER:PASSWORD@HOST:PORT/postgres (or set {variable}) for a role "
            "allowed to create databases"
        )


class PostgresUnreachableError(ForgeError):
    """Raised when the PostgreSQL server given for a comparison does not answer."""

    def __init__(self, reason: str) -> None:
        lines = reason.strip().splitlines()
        super().__init__(
            f"could not use the PostgreSQL server of --postgres-url: "
            f"{lines[0] if lines else 'no reason given'}; check the URL and that the role may "
            "create databases"
        )


class LoadToolFailedError(ForgeError):
    """Raised when the load tool exits with an error or prints what forge cannot read."""

    def __init__(self, command: str, status: int, output: str) -> None:
        detail = output.strip()[-1500:] or "no output"
        super().__init__(
            f"the load tool failed (`{command}`, exit status {status}): {detail}\n"
            "check that the tool runs on its own (`wrk --version` or `oha --version`)"
        )


class ComparisonFailedError(ForgeError):
    """Raised when a skeleton cannot be installed, migrated or served during a comparison."""

    def __init__(self, framework: str, step: str, detail: str) -> None:
        tail = detail.strip()[-3000:] or "no output"
        super().__init__(
            f"forge compare: the {framework} skeleton failed to {step}:\n{tail}\n"
            "nothing was kept; this is a bug in forge's template if it happens again, "
            "please report it with the output above"
        )


class LoginFailedError(ForgeError):
    """Raised when `forge compare` cannot register its user or log in to a served skeleton.

    Only the request, its status and the problem's title are shown: never the account's email,
    its password or a token.
    """

    def __init__(self, framework: str, request: str, status: int, title: str = "") -> None:
        said = " ".join(title.split())[:200]
        answer = f"{status} ({said})" if said else str(status)
        super().__init__(
            f"forge compare: the {framework} skeleton answered {request} with {answer}, so the "
            "load cannot carry a bearer token; check that the template's users and tokens work "
            "(`forge new` a project and run its tests), then run the comparison again"
        )
