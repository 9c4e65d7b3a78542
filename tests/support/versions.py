"""Two versions of forge's templates, for `forge update`: today's, and a later one with the kind
of improvements a release brings (a changed setting, a changed README line, a new file, and a
new file for every resource `add-endpoint` made)."""

import shutil
from pathlib import Path

from generator.registry import templates_root

__all__ = ["KEEPALIVE_AFTER", "KEEPALIVE_BEFORE", "REQUIREMENTS_AFTER", "two_versions"]

KEEPALIVE_BEFORE = "keepalive = 5\n"
KEEPALIVE_AFTER = "keepalive = 10\n"
REQUIREMENTS_AFTER = "## Requirements (checked by forge 2)\n"


def two_versions(where: Path) -> tuple[Path, Path]:
    """Copies of the templates as they are (`v1`) and improved (`v2`), below `where`."""
    before = where / "v1"
    shutil.copytree(templates_root(), before, ignore=shutil.ignore_patterns("__pycache__"))
    after = where / "v2"
    shutil.copytree(before, after)
    for template in sorted(after.glob("*/cookiecutter.json")):
        skeleton = template.parent / "{{cookiecutter.project_slug}}"
        _replace(skeleton / "gunicorn.conf.py", KEEPALIVE_BEFORE, KEEPALIVE_AFTER)
        _replace(skeleton / "README.md", "## Requirements\n", REQUIREMENTS_AFTER)
        (skeleton / "CHANGELOG.md").write_text("# Changelog\n")
        docs = template.parent / "endpoint" / "files" / "docs"
        docs.mkdir()
        (docs / "{{ resource.plural }}.md.jinja").write_text("# {{ resource.plural_title }}\n")
    return before, after


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert text.count(old) == 1, f"{path} no longer has exactly one {old!r}"
    path.write_text(text.replace(old, new))
