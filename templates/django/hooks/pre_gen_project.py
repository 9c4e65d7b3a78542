"""Refuse answers that would render a broken project; the hook only validates."""

import keyword
import sys

SLUG = "{{ cookiecutter.project_slug }}"
DATABASE = "{{ cookiecutter.database }}"

if not SLUG.isidentifier() or keyword.iskeyword(SLUG):
    sys.exit(f"error: project slug {SLUG!r} is not a usable Python name; pick a name made of letters, digits and _")
if DATABASE not in {"sqlite", "postgres"}:
    sys.exit(f"error: database {DATABASE!r} is not supported; choose sqlite or postgres")
