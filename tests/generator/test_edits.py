"""Registration edits by the code's structure: imports merged in order, statements after the
last call, list elements beside their kin, and a clear refusal when the structure is gone."""

import pytest

from generator.edits import Edit, apply_edit
from generator.errors import EditFailedError
from generator.unedits import revert_edit

ROUTER = '''"""The one place the API's routers are registered."""

from fastapi import APIRouter

from app.api.routes import health, tasks

root_router = APIRouter()
root_router.include_router(health.router)

api_router = APIRouter(prefix="/api")
api_router.include_router(tasks.router)
'''

BLUEPRINTS = """from flask import Flask

from app.api.routes import health, tasks


def register_blueprints(app: Flask) -> None:
    # Health checks live outside /api.
    app.register_blueprint(health.bp, url_prefix="/health")
    app.register_blueprint(tasks.bp, url_prefix="/api/tasks")
"""

SETTINGS = """INSTALLED_APPS = [
    "django.contrib.admin",
    # Before staticfiles, on purpose.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "app.health",
    "app.tasks",
]

OTHER = ["x"]
"""

URLS = """urlpatterns = [
    path("", include("app.health.urls")),
    path("api/", include("app.tasks.urls")),
    # The admin.
    path("admin/", admin.site.urls),
]
"""


def test_router_registration_merges_the_import_and_follows_the_last_call() -> None:
    edit = Edit(
        "app/api/router.py",
        imports=("from app.api.routes import notes",),
        after_last_call="api_router.include_router",
        statement="api_router.include_router(notes.router)",
    )

    result = apply_edit(ROUTER, edit, "notes")

    assert "from app.api.routes import health, notes, tasks\n" in result
    assert result.endswith(
        "api_router.include_router(tasks.router)\napi_router.include_router(notes.router)\n"
    )
    assert result.count("import") == ROUTER.count("import")


def test_a_call_inside_a_function_body_is_followed_with_its_indentation() -> None:
    edit = Edit(
        "app/api/blueprints.py",
        imports=("from app.api.routes import blog_posts",),
        after_last_call="app.register_blueprint",
        statement='app.register_blueprint(blog_posts.bp, url_prefix="/api/blog-posts")',
    )

    result = apply_edit(BLUEPRINTS, edit, "blog_posts")

    assert "from app.api.routes import blog_posts, health, tasks\n" in result
    assert result.endswith(
        '    app.register_blueprint(tasks.bp, url_prefix="/api/tasks")\n'
        '    app.register_blueprint(blog_posts.bp, url_prefix="/api/blog-posts")\n'
    )
    assert "# Health checks live outside /api." in result


def test_a_string_element_lands_after_its_kin_and_comments_stay_put() -> None:
    edit = Edit("config/settings/base.py", append_to_list="INSTALLED_APPS", element='"app.notes"')

    result = apply_edit(SETTINGS, edit, "notes")

    assert result == SETTINGS.replace('    "app.tasks",\n', '    "app.tasks",\n    "app.notes",\n')


def test_a_call_element_lands_after_the_call_with_the_same_first_argument() -> None:
    edit = Edit(
        "config/urls.py",
        append_to_list="urlpatterns",
        element='path("api/", include("app.notes.urls"))',
    )

    result = apply_edit(URLS, edit, "notes")

    assert result == URLS.replace(
        '    path("api/", include("app.tasks.urls")),\n',
        '    path("api/", include("app.tasks.urls")),\n'
        '    path("api/", include("app.notes.urls")),\n',
    )


def test_an_element_of_no_kin_goes_last_and_a_single_line_list_stays_single_line() -> None:
    edit = Edit("x.py", append_to_list="OTHER", element="42")

    assert 'OTHER = ["x", 42]\n' in apply_edit(SETTINGS, edit, "notes")


def test_what_is_there_already_is_not_added_twice() -> None:
    source = "from app.api.routes import health, tasks\n\n" + SETTINGS
    edit = Edit(
        "config/settings/base.py",
        imports=("from app.api.routes import tasks",),
        append_to_list="INSTALLED_APPS",
        element='"app.tasks"',
    )

    assert apply_edit(source, edit, "tasks") == source


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (  # among the same package's imports, in module order
            "import os\n\nfrom app.models.task import Task\nfrom app.x import y\n",
            "import os\n\nfrom app.models.note import Note\nfrom app.models.task import Task\n"
            "from app.x import y\n",
        ),
        (  # before the first that sorts after it, keeping the section's blank line above
            "import os\n\nfrom app.z import Z\n",
            "import os\n\nfrom app.models.note import Note\nfrom app.z import Z\n",
        ),
        (  # a section of its own after the last import
            '"""Doc."""\n\nimport os\n\nx = 1\n',
            '"""Doc."""\n\nimport os\n\nfrom app.models.note import Note\n\nx = 1\n',
        ),
    ],
    ids=["among-kin", "before-a-later-one", "new-section"],
)
def test_a_new_import_goes_where_ruffs_isort_puts_it(source: str, expected: str) -> None:
    edit = Edit("x.py", imports=("from app.models.note import Note",))

    assert apply_edit(source, edit, "notes") == expected


def test_a_merged_import_too_long_for_a_line_is_wrapped_one_name_per_line() -> None:
    names = ", ".join(f"resource_number_{i}" for i in range(4))
    source = f"from app.api.routes import {names}\n"
    edit = Edit("x.py", imports=("from app.api.routes import zebras",))

    result = apply_edit(source, edit, "zebras")

    assert result.startswith("from app.api.routes import (\n    resource_number_0,\n")
    assert result.endswith("    zebras,\n)\n")
    assert all(len(line) <= 100 for line in result.splitlines())


@pytest.mark.parametrize(
    ("source", "edit", "missing"),
    [
        (
            ROUTER.replace("api_router", "routes"),
            Edit("app/api/router.py", after_last_call="api_router.include_router",
                 statement="api_router.include_router(notes.router)"),
            "has no `api_router.include_router(...)` call nor an assignment of its object any"
            " more",
        ),
        (
            SETTINGS.replace("INSTALLED_APPS = [", "INSTALLED_APPS = base_apps + ["),
            Edit("config/settings/base.py", append_to_list="INSTALLED_APPS", element='"app.x"'),
            "has no module-level `INSTALLED_APPS = [...]` list any more",
        ),
        ("def broken(:\n", Edit("app/api/router.py", imports=("from a import b",)),
         "is not valid Python (line 1)"),
    ],
    ids=["call-gone", "list-restructured", "syntax-error"],
)  # fmt: skip
def test_a_restructured_file_is_refused_with_what_is_missing(
    source: str, edit: Edit, missing: str
) -> None:
    with pytest.raises(EditFailedError) as caught:
        apply_edit(source, edit, "notes")

    message = str(caught.value)
    assert message.startswith(f"cannot add 'notes': {edit.file} {missing}; ")
    assert message.endswith("nothing was written")


NOTES = {
    "router": (ROUTER, Edit("app/api/router.py", imports=("from app.api.routes import notes",),
                            after_last_call="api_router.include_router",
                            statement="api_router.include_router(notes.router)")),
    "blueprints": (BLUEPRINTS, Edit("app/api/blueprints.py",
                                    imports=("from app.api.routes import notes",),
                                    after_last_call="app.register_blueprint",
                                    statement='app.register_blueprint(notes.bp, url_prefix="/n")')),
    "settings": (SETTINGS, Edit("config/settings/base.py", append_to_list="INSTALLED_APPS",
                                element='"app.notes"')),
    "urls": (URLS, Edit("config/urls.py", append_to_list="urlpatterns",
                        element='path("api/", include("app.notes.urls"))')),
}  # fmt: skip


@pytest.mark.parametrize(("source", "edit"), NOTES.values(), ids=list(NOTES))
def test_reverting_an_edit_gives_the_file_back(source: str, edit: Edit) -> None:
    added = apply_edit(source, edit, "notes")

    assert added != source
    assert revert_edit(added, edit, "notes") == source
    # What is gone already is no error: the team may have taken it out by hand.
    assert revert_edit(source, edit, "notes") == source


def test_reverting_the_last_registration_leaves_room_for_the_next() -> None:
    tasks = Edit("app/api/router.py", imports=("from app.api.routes import tasks",),
                 after_last_call="api_router.include_router",
                 statement="api_router.include_router(tasks.router)")  # fmt: skip

    without = revert_edit(ROUTER, tasks, "tasks")
    again = apply_edit(without, NOTES["router"][1], "notes")

    assert "tasks" not in without
    assert "from app.api.routes import health\n" in without
    assert again.endswith(
        'api_router = APIRouter(prefix="/api")\napi_router.include_router(notes.router)\n'
    )


def test_an_import_that_loses_its_only_name_goes_with_its_spacing() -> None:
    source = '"""Models."""\n\nfrom app.models import task\n\n__all__ = ["Base"]\n'
    edit = Edit("app/models/__init__.py", imports=("from app.models import task",))

    assert revert_edit(source, edit, "tasks") == '"""Models."""\n\n__all__ = ["Base"]\n'
