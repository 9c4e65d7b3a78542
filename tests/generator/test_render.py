"""Rendering is all or nothing, runs the template's hooks, and writes only into the output dir."""

from __future__ import annotations

import errno
import tempfile
from pathlib import Path

import pytest
from cookiecutter.generate import generate_files

import generator.render
from generator.baseline import read_baseline
from generator.errors import HookFailedError, RenderFailedError, TargetExistsError
from generator.record import read_record
from generator.registry import load_template
from generator.render import render
from generator.spec import ProjectSpec

FAILING_HOOK = 'import sys\nsys.exit("error: refusing {{ cookiecutter.database }}")\n'
CWD_HOOK = "from pathlib import Path\nPath('{hook}.txt').write_text(Path.cwd().name)\n"


@pytest.fixture
def out(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    out.mkdir()
    return out


def _render(template_dir: Path, output_dir: Path, name: str = "My Shop", **options) -> Path:
    """Rendering alone: the repository has tests of its own (test_generate.py)."""
    template = load_template(template_dir)
    spec = ProjectSpec.create(name, template, output_dir=output_dir, git=False, **options)
    project, _ = render(spec, template)
    return project


def test_renders_the_project_with_its_record_and_nothing_else(make_template, out, tree) -> None:
    project = _render(make_template(), out, database="postgres")

    assert project == out / "my_shop"
    assert tree(out) == {
        "my_shop",
        "my_shop/README.md",
        "my_shop/.forge.json",
        "my_shop/.forge",
        "my_shop/.forge/baseline.zip",
    }
    assert (project / "README.md").read_text() == "# My Shop\n"
    # What forge generated, kept for `forge update`: everything but forge's bookkeeping.
    assert read_baseline(project) == {"README.md": b"# My Shop\n"}
    record = read_record(project)
    assert record.framework == "fake"
    assert record.answers == {
        "project_name": "My Shop",
        "project_slug": "my_shop",
        "database": "postgres",
    }


def test_hooks_run_inside_the_project_directory(make_template, out, tree) -> None:
    hooks = {hook: CWD_HOOK.format(hook=hook) for hook in ("pre_gen_project", "post_gen_project")}

    project = _render(make_template(hooks=hooks), out)

    assert (project / "pre_gen_project.txt").read_text() == "my_shop"
    assert (project / "post_gen_project.txt").read_text() == "my_shop"
    assert tree(out) == {  # the rendered hook scripts went with the staging directory
        "my_shop",
        "my_shop/README.md",
        "my_shop/.forge.json",
        "my_shop/.forge",
        "my_shop/.forge/baseline.zip",
        "my_shop/pre_gen_project.txt",
        "my_shop/post_gen_project.txt",
    }


def test_an_existing_target_is_refused_and_left_untouched(make_template, out, tree) -> None:
    (out / "my_shop").mkdir()
    (out / "my_shop" / "mine.txt").write_text("keep me")

    with pytest.raises(TargetExistsError) as caught:
        _render(make_template(), out)

    assert caught.value.exit_code == 1
    assert str(caught.value).startswith(f"{out / 'my_shop'} already exists; ")
    assert tree(out) == {"my_shop", "my_shop/mine.txt"}
    assert (out / "my_shop" / "mine.txt").read_text() == "keep me"


@pytest.mark.parametrize("hook", ["pre_gen_project", "post_gen_project"])
def test_a_failing_hook_gives_its_reason_and_leaves_nothing(
    make_template, out, tree, capfd, hook: str
) -> None:
    with pytest.raises(HookFailedError) as caught:
        _render(make_template(hooks={hook: FAILING_HOOK}), out)

    assert str(caught.value) == (
        f"the fake template's {hook} hook failed: refusing sqlite; nothing was written"
    )
    assert caught.value.exit_code == 1
    assert tree(out) == set()
    assert capfd.readouterr().err == ""  # the hook's own words are only in the error


def test_a_template_that_does_not_render_leaves_nothing(make_template, out, tree) -> None:
    template_dir = make_template()
    (template_dir / "{{cookiecutter.project_slug}}" / "broken.txt").write_text("{{ nope }}")

    with pytest.raises(RenderFailedError, match="rendering the fake template failed: "):
        _render(template_dir, out)

    assert tree(out) == set()


@pytest.fixture
def fail_after_writing(monkeypatch):
    """Make cookiecutter raise `error` once it has written every file of the project."""

    def arm(error: BaseException) -> None:
        def write_then_fail(*args, **kwargs):
            generate_files(*args, **kwargs)
            raise error

        monkeypatch.setattr(generator.render, "generate_files", write_then_fail)

    return arm


def test_a_failure_midway_leaves_nothing_not_even_the_output_dir(
    make_template, fail_after_writing, tmp_path, tree
) -> None:
    template_dir = make_template()
    before = tree(tmp_path)
    fail_after_writing(OSError(errno.ENOSPC, "No space left on device"))

    with pytest.raises(RenderFailedError) as caught:
        _render(template_dir, tmp_path / "new" / "nested")

    assert str(caught.value) == (
        "rendering the fake template failed: [Errno 28] No space left on device; "
        "nothing was written, fix the cause and run the command again"
    )
    assert tree(tmp_path) == before


def test_an_interrupt_midway_leaves_nothing(make_template, fail_after_writing, out, tree) -> None:
    template_dir = make_template()
    fail_after_writing(KeyboardInterrupt())

    with pytest.raises(KeyboardInterrupt):
        _render(template_dir, out)

    assert tree(out) == set()


def test_writes_nothing_outside_the_output_dir(make_template, out, tmp_path, monkeypatch) -> None:
    """No replay file under ~, no rendered hook script left in the system temp dir."""
    home, system_tmp = tmp_path / "home", tmp_path / "tmp"
    home.mkdir()
    system_tmp.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setattr(tempfile, "tempdir", str(system_tmp))
    hooks = {hook: CWD_HOOK.format(hook=hook) for hook in ("pre_gen_project", "post_gen_project")}

    _render(make_template(hooks=hooks), out)

    assert list(home.iterdir()) == []
    assert list(system_tmp.iterdir()) == []
