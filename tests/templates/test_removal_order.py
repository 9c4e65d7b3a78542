"""Resources that referred to each other, removed newest first, leave migrations that build a new
database from nothing. Django orders migrations by their dependencies alone: the one deleting
`authors` must wait for the one deleting `books`, whose table referred to it. (An Alembic
history is one chain, in the order the commands ran; forge's removal tests cover it.)"""

from pathlib import Path

import pytest

from generator import add_endpoint, generate, remove_endpoint
from generator.registry import get_template
from tests.support.combinations import Combination
from tests.support.project import BakedProject, clean_environment

pytestmark = pytest.mark.slow


def test_a_new_database_migrates_after_referring_resources_were_removed(tmp_path: Path) -> None:
    path = generate("Shelves", "django", output_dir=tmp_path, git=False)
    add_endpoint("authors", "name:str", project=path, owned=True)
    add_endpoint("books", "title:str author:ref(authors) editor:ref(authors)?", project=path)
    remove_endpoint("books", project=path)
    remove_endpoint("authors", project=path)
    deletion = next((path / "app" / "authors" / "migrations").glob("0002_delete_*.py"))
    project = BakedProject(path, Combination("django", "sqlite"), get_template("django").commands)
    env = clean_environment(DATABASE_URL=f"sqlite:///{tmp_path / 'new.db'}")

    assert '("books", "0002_delete_book")' in deletion.read_text()
    for step in ("install", "migrate", "check-migrations"):
        done = project.run(step, env=env)
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
