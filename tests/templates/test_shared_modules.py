"""Modules every skeleton carries word for word: each project stands alone, so each has its own
copy, and these must not drift apart. The metrics' names and labels are one contract across
the frameworks (a dashboard made for one serves all three), and so is how workers are sized."""

import pytest

from tests.support.combinations import FRAMEWORKS, TEMPLATES

SHARED = ("app/core/metrics.py", "app/core/sizing.py")


@pytest.mark.parametrize("module", SHARED)
def test_the_three_skeletons_carry_the_same_module(module: str) -> None:
    copies = {
        framework: (TEMPLATES / framework / "{{cookiecutter.project_slug}}" / module).read_bytes()
        for framework in FRAMEWORKS
    }

    assert len(set(copies.values())) == 1, f"{module} differs between {sorted(copies)}"
    assert b"{{" not in copies["fastapi"]  # plain Python, no template syntax to render apart
