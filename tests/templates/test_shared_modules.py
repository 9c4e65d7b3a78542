"""Modules skeletons carry word for word: each project stands alone, so each has its own copy,
and these must not drift apart. The metrics' names and labels are one contract across the
frameworks (a dashboard made for one serves all three), and so is how workers are sized and how
a log line reads; the WSGI skeletons write gunicorn's access line with the same code."""

import pytest

from tests.support.combinations import FRAMEWORKS, TEMPLATES

SHARED = (
    "app/core/metrics.py",
    "app/core/sizing.py",
    "app/core/log_format.py",
    "tests/test_log_format.py",
)
# Modules only some frameworks need (FastAPI's access line is uvicorn's), and who carries them.
SHARED_BY = {
    "app/core/access_log.py": ("flask", "django"),
    "tests/test_log_lines.py": ("flask", "django"),
}
CARRIERS = {module: FRAMEWORKS for module in SHARED} | SHARED_BY


@pytest.mark.parametrize(("module", "frameworks"), CARRIERS.items(), ids=CARRIERS)
def test_the_skeletons_carry_the_same_module(module: str, frameworks: tuple[str, ...]) -> None:
    copies = {
        framework: (TEMPLATES / framework / "{{cookiecutter.project_slug}}" / module).read_bytes()
        for framework in frameworks
    }

    assert len(copies) > 1
    assert len(set(copies.values())) == 1, f"{module} differs between {sorted(copies)}"
    assert b"{{" not in copies[frameworks[0]]  # plain Python, no template syntax to render apart
