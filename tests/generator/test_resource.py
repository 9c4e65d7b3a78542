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
        pytest.param(
            "note",
            "forge does not know it as a plural; did you mean 'notes'? If 'note' is plural,"
            " name one row with --singular",
            id="singular",
        ),
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


@pytest.mark.parametrize(
    ("name", "singular", "class_name"),
    [("media", "medium", "Medium"), ("octopi", "octopus", "Octopus"), ("data", "datum", "Datum")],
)
def test_a_plural_forge_does_not_know_takes_its_singular(
    name: str, singular: str, class_name: str
) -> None:
    resource = Resource.create(name, (), singular=singular)

    assert (resource.plural, resource.singular, resource.class_name, resource.path) == (
        name,
        singular,
        class_name,
        f"/api/{name}",
    )


@pytest.mark.parametrize(
    ("name", "singular", "problem"),
    [
        pytest.param("media", "media", "'media': its singular is the same", id="same"),
        pytest.param("media", "Medium", "'Medium': a singular is lower-case", id="upper"),
        pytest.param("media", "class", "'class': a singular is lower-case", id="keyword"),
        pytest.param("tasks", "task", "'tasks': the skeleton uses that name", id="reserved"),
    ],
)
def test_an_explicit_singular_is_checked_too(name: str, singular: str, problem: str) -> None:
    with pytest.raises(InvalidResourceNameError, match=f"^invalid resource name {problem}"):
        Resource.create(name, (), singular=singular)
