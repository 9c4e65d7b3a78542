import pytest

from generator.errors import InvalidResourceNameError
from generator.resource import Resource


@pytest.mark.parametrize(
    ("name", "singular", "class_name", "path"),
    [
        ("notes", "note", "Note", "/api/notes"),
        ("blog_posts", "blog_post", "BlogPost", "/api/blog-posts"),
        ("categories", "category", "Category", "/api/categories"),
        ("people", "person", "Person", "/api/people"),
        ("news", "news", "News", "/api/news"),
    ],
)
def test_names_follow_from_the_plural(name: str, singular: str, class_name: str, path: str) -> None:
    resource = Resource.create(name, ())

    assert (resource.singular, resource.class_name, resource.table, resource.path) == (
        singular,
        class_name,
        name,
        path,
    )


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        pytest.param("note", "it is not plural; did you mean 'notes'?", id="singular"),
        pytest.param("Notes", "a name is lower-case letters, digits and _", id="upper-case"),
        pytest.param("blog-posts", "a name is lower-case letters, digits and _", id="hyphen"),
        pytest.param("tasks", "the skeleton uses that name", id="tasks"),
        pytest.param("health", "the skeleton uses that name", id="health"),
        pytest.param("api", "the skeleton uses that name", id="api"),
        pytest.param("global", "Python has that name already", id="keyword"),
        pytest.param("types", "Python has that name already", id="stdlib"),
    ],
)
def test_refused_names(name: str, problem: str) -> None:
    with pytest.raises(InvalidResourceNameError) as error:
        Resource.create(name, ())

    assert str(error.value).startswith(f"invalid resource name {name!r}: {problem}")
    assert error.value.exit_code == 2
