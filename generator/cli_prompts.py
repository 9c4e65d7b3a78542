"""The questions `forge new` asks at a terminal, asked as cookiecutter and copier ask them.

A module of its own so that cli.py stays a list of commands. What each question says comes from
the templates, so that forge, cookiecutter and copier ask alike: the defaults from
cookiecutter.json, the help texts from its `__prompts__` (copier.yml's `help:` lines repeat
them, and tests/templates/test_copier.py keeps the two equal), a framework's line in the menu
from its `_description`. The answers are checked by the library's own rules as they are typed,
so that a refusal comes with its reason while the person can still answer again, and never
after every question.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import typer

from generator.cli_options import shown_path
from generator.errors import ForgeError
from generator.registry import DEFAULT_FRAMEWORK, Template, get_template, list_templates
from generator.spec import check_description, check_name, check_slug, check_version, project_slug

__all__ = ["Answers", "ask_new"]

_LABELS = {
    "project_name": "Project name",
    "project_slug": "Project slug",
    "description": "Description",
    "version": "Version",
    "framework": "Framework",
    "database": "Database",
    "auth": "Authentication",
}


@dataclass(frozen=True)
class Answers:
    """What `forge new` hands the library; None is not given: asked, or the template's default."""

    name: str | None = None
    slug: str | None = None
    description: str | None = None
    version: str | None = None
    framework: str | None = None
    database: str | None = None
    auth: str | None = None


def ask_new(given: Answers, output_dir: Path) -> Answers:
    """Ask for what `given` lacks, show every answer and ask to go ahead; exit 1 on a no.

    What the command line gave is checked first, as with --no-input, and not asked: except a
    name or slug whose directory exists, which a person at a terminal can replace (with
    --no-input it stays an error). Nothing asked, nothing to confirm.
    """
    template = _check(given)
    questions = _Questions(template, output_dir)
    name, slug = given.name, given.slug
    if name is None or (slug is None and questions.taken(project_slug(name))):
        name = questions.name(given.name, slug_given=slug is not None)
    if slug is None or questions.taken(slug):
        slug = questions.slug(name, given.slug)
    description = _given_or(given.description, questions.description)
    version = _given_or(given.version, questions.version)
    framework = _given_or(given.framework, questions.framework)
    database = _given_or(given.database, lambda: questions.choice("database", framework))
    auth = _given_or(given.auth, lambda: questions.choice("auth", framework))
    answers = Answers(name, slug, description, version, framework, database, auth)
    if questions.asked:
        _confirm(answers, output_dir / slug)
    return answers


def _check(given: Answers) -> Template:
    """Refuse a bad command-line value before any question; return the template for defaults."""
    template = get_template(DEFAULT_FRAMEWORK if given.framework is None else given.framework)
    for option, value in (("database", given.database), ("auth", given.auth)):
        if value is not None:
            template.choose(option, value)
    if given.slug is not None:
        check_slug(given.slug)
    if given.name is not None:
        # The name needs a usable slug only when it is to give the slug.
        (check_name if given.slug is not None else project_slug)(given.name)
    if given.description is not None:
        check_description(given.description)
    if given.version is not None:
        check_version(given.version)
    return template


def _given_or(value: str | None, ask: Callable[[], str]) -> str:
    return ask() if value is None else value


class _Questions:
    """One session's questions: what they default to, how they check, and whether any was asked.

    Defaults and help come from `template`, the one --framework named or the default one,
    since the framework is asked last; every template has the same ones (a test says so).
    """

    def __init__(self, template: Template, output_dir: Path) -> None:
        self.template = template
        self.output_dir = output_dir
        self.asked = False

    def taken(self, slug: str) -> bool:
        return (self.output_dir / slug).exists()

    def name(self, given: str | None, *, slug_given: bool) -> str:
        """The name; unless a slug was given, one whose slug is usable and free."""
        if given is not None:  # given, but its directory exists
            _refuse(self._exists(project_slug(given), "name"))

        def check(answer: str) -> str:
            if slug_given:
                return check_name(answer).strip()
            slug = project_slug(answer)
            if self.taken(slug):
                raise typer.BadParameter(self._exists(slug, "name"))
            return answer.strip()

        return self._ask("project_name", self.template.defaults.get("project_name"), check)

    def slug(self, name: str, given: str | None) -> str:
        """The slug, offering the name's when it is usable and free."""
        if given is not None:  # given, but its directory exists
            _refuse(self._exists(given, "slug"))
        try:
            derived: str | None = project_slug(name)
        except ForgeError:  # a name given with a slug of its own need not make one
            derived = None
        default = None if derived is None or self.taken(derived) else derived

        def check(answer: str) -> str:
            slug = check_slug(answer.strip())
            if self.taken(slug):
                raise typer.BadParameter(self._exists(slug, "slug"))
            return slug

        return self._ask("project_slug", default, check)

    def description(self) -> str:
        default = self.template.defaults.get("description")
        return self._ask("description", default, lambda answer: check_description(answer.strip()))

    def version(self) -> str:
        default = self.template.defaults.get("version")
        return self._ask("version", default, lambda answer: check_version(answer.strip()))

    def framework(self) -> str:
        choices = [(template.name, template.description) for template in list_templates()]
        return self._menu("framework", choices, DEFAULT_FRAMEWORK)

    def choice(self, option: str, framework: str) -> str:
        offered = get_template(framework).options[option]
        return self._menu(option, [(choice, "") for choice in offered.choices], offered.default)

    def _ask(self, key: str, default: str | None, check: Callable[[str], str]) -> str:
        """Ask until `check` takes the answer, saying why it refused the others."""
        self.asked = True
        answer: str = typer.prompt(self._question(key), default=default, value_proc=_told(check))
        return answer

    def _menu(self, key: str, choices: Sequence[tuple[str, str]], default: str) -> str:
        """A numbered list, the default marked; a number or a name in any case picks."""
        typer.echo(f"{self._question(key)}:")
        names = [name for name, _ in choices]
        shown = [f"{name} (default)" if name == default else name for name in names]
        width = max(map(len, shown))
        for number, (name, (_, about)) in enumerate(zip(shown, choices, strict=True), start=1):
            typer.echo(f"  {number}. {name:<{width}}  {about}".rstrip())

        def pick(answer: str) -> str:
            typed = answer.strip().lower()
            if typed.isdecimal() and 1 <= int(typed) <= len(names):
                return names[int(typed) - 1]
            if typed in names:
                return typed
            raise typer.BadParameter(
                f"{answer.strip()!r} is neither a number from 1 to {len(names)} "
                f"nor one of: {', '.join(names)}"
            )

        self.asked = True
        answer: str = typer.prompt(
            "Number or name", default=str(names.index(default) + 1), value_proc=_told(pick)
        )
        return answer

    def _question(self, key: str) -> str:
        """The label, with the template's help text for it when it has one."""
        help_text = self.template.prompts.get(key)
        return f"{_LABELS[key]} ({help_text})" if help_text else _LABELS[key]

    def _exists(self, slug: str, what: str) -> str:
        where = shown_path(self.output_dir.absolute() / slug)
        return f"{where} already exists and forge never overwrites; choose another {what}"


def _told(check: Callable[[str], str]) -> Callable[[str], str]:
    """`check` as a prompt's value_proc: click's prompt prints a BadParameter's message and
    asks again, so a ForgeError's message becomes one."""

    def value_proc(answer: str) -> str:
        try:
            return check(answer)
        except ForgeError as error:
            raise typer.BadParameter(str(error)) from None

    return value_proc


def _refuse(message: str) -> None:
    """Say why a command-line answer is asked again, as a refused typed answer is said."""
    typer.echo(f"Error: {message}")


def _confirm(answers: Answers, target: Path) -> None:
    """Show every answer and where the project goes; a no exits 1 before anything is written."""
    rows = [
        (_LABELS["project_name"], answers.name),
        (_LABELS["project_slug"], answers.slug),
        (_LABELS["description"], answers.description),
        (_LABELS["version"], answers.version),
        (_LABELS["framework"], answers.framework),
        (_LABELS["database"], answers.database),
        (_LABELS["auth"], answers.auth),
        ("Directory", shown_path(target.absolute())),
    ]
    typer.echo("\nforge will create:")
    for label, value in rows:
        typer.echo(f"  {label:<14} {value}")
    if not typer.confirm("Create it?", default=True):
        typer.echo("forge: not created; nothing was written", err=True)
        raise typer.Exit(1)
