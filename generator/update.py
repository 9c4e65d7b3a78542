"""`forge update`: bring the installed forge's templates into a project its team has changed.

Three trees meet: the baseline (what the older forge generated, kept in the project by
generator.baseline), the project as the team has it, and what the installed forge generates for
the same answers and resources today. Each file is merged three ways with `git merge-file`: the
team's edits stay, the template's changes to lines nobody touched arrive, and where both changed
the same lines the file gets standard conflict markers. The project must be a git working tree
with nothing uncommitted, so that every change forge makes can be reviewed and undone.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from generator.baseline import BASELINE, Files, pack, read_baseline, snapshot
from generator.endpoint import plan_endpoint, write_plan
from generator.errors import NoBaselineError, RenderedByCopierError, UncommittedChangesError
from generator.record import RECORD_FILE, Record, read_record, with_versions
from generator.registry import Template, get_template
from generator.removal import plan_removal
from generator.render import render_again
from generator.revisions import NextRevision

__all__ = ["UpdateResult", "update_project"]


@dataclass
class UpdateResult:
    """What an update did, file by file (POSIX paths relative to the project)."""

    project: Path
    old_version: str
    new_version: str
    merged: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)

    @property
    def up_to_date(self) -> bool:
        return not (self.merged or self.added or self.removed or self.conflicts or self.kept)


def update_project(project: str | os.PathLike[str] = ".") -> UpdateResult:
    """Merge what the installed templates generate into the project `project` is in.

    Raises a ForgeError, changing nothing, if the project is not a clean git working tree or has
    no baseline. Conflicts are left in the files, with markers, and listed in the result.
    """
    record = read_record(project)
    root = record.project_dir
    if record.rendered_by == "copier":
        raise RenderedByCopierError(root)
    _require_clean_git(root)
    base = read_baseline(root)
    if base is None:
        raise NoBaselineError(root)
    template = get_template(record.framework)
    result = UpdateResult(root, record.template_version, template.version)
    with tempfile.TemporaryDirectory(prefix="forge-update-") as scratch:
        new = _generate_today(template, record, Path(scratch))
    if new == base:
        return result
    for path in sorted(base.keys() | new.keys()):
        _merge_one(root, path, base.get(path), new.get(path), result)
    (root / BASELINE).write_bytes(pack(new))
    record_file = root / RECORD_FILE
    record_file.write_text(with_versions(record_file.read_text(), template.version))
    return result


# What a project recorded before an option existed had instead: a project from a forge without
# `--auth` has no users, and an update must not bring it the default's.
_BEFORE_THE_OPTION = {"auth": "none"}


def _generate_today(template: Template, record: Record, scratch: Path) -> Files:
    """The project as the installed forge makes it: the recorded answers, then each recorded
    resource the way it was made (same migration ids and date)."""
    project = render_again(template, {**_BEFORE_THE_OPTION, **record.answers}, scratch)
    for resource in record.resources:
        migration = resource.get("migration")
        revision = NextRevision(**migration) if migration else None
        if resource.get("action") == "remove":
            plan = plan_removal(
                resource["name"],
                project=project,
                created=resource.get("created"),
                migration=revision,
            )
        else:
            plan = plan_endpoint(
                resource["name"],
                resource["fields"],
                project=project,
                created=resource.get("created"),
                migration=revision,
                singular=resource.get("singular"),
                owned=resource.get("owned", False),
            )
        write_plan(plan)
    return snapshot(project)


def _merge_one(
    root: Path, path: str, base: bytes | None, new: bytes | None, result: UpdateResult
) -> None:
    """Bring the template's change of one file (base -> new) into the team's version."""
    target = root / path
    ours = target.read_bytes() if target.is_file() else None
    if new == base or ours == new:
        return  # the template did not change it, or the team has its new version already
    if ours == base:  # the team did not touch it: take the template's version as it is
        _take(target, new, result, path)
    elif ours is None or new is None:
        result.kept.append(path)  # one side deleted it, the other changed it: the team decides
    else:
        merged, conflicted = _merge_text(ours, base or b"", new, path)
        target.write_bytes(merged)
        (result.conflicts if conflicted else result.merged).append(path)


def _take(target: Path, new: bytes | None, result: UpdateResult, path: str) -> None:
    if new is None:
        target.unlink()
        result.removed.append(path)
    else:
        existed = target.exists()
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(new)
        (result.merged if existed else result.added).append(path)


def _merge_text(ours: bytes, base: bytes, new: bytes, path: str) -> tuple[bytes, bool]:
    """`git merge-file` of the three versions: the merged content, and whether it conflicts."""
    with tempfile.TemporaryDirectory(prefix="forge-merge-") as scratch:
        files = []
        for name, content in (("ours", ours), ("base", base), ("new", new)):
            file = Path(scratch) / name
            file.write_bytes(content)
            files.append(str(file))
        names = (f"{path} (yours)", f"{path} (forge before)", f"{path} (forge now)")
        labels = [argument for name in names for argument in ("-L", name)]
        done = subprocess.run(
            ["git", "merge-file", "-p", *labels, *files], capture_output=True, check=False
        )
    if done.returncode < 0 or done.returncode > 127:
        raise subprocess.CalledProcessError(done.returncode, "git merge-file", stderr=done.stderr)
    return done.stdout, done.returncode > 0


def _require_clean_git(root: Path) -> None:
    try:
        status = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=all", "--", "."],
            cwd=root,
            capture_output=True,
            text=True,
            check=False,
        )
    except FileNotFoundError as error:
        raise UncommittedChangesError(root, "cannot be checked (git is not installed)") from error
    if status.returncode != 0:
        raise UncommittedChangesError(root, "is not in a git repository")
    if status.stdout.strip():
        raise UncommittedChangesError(root, "has uncommitted changes")
