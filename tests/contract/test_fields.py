"""Section 5 of the contract, black-box: the field language's example, word for word, in a project
grown by `forge add-endpoint` (tests/support/combinations.py: `books` refers to `authors`),
served in production mode, identical in every skeleton.

    books --fields "title:str:index isbn:str:unique author:ref(authors) editor:ref(authors)?
                    status:enum(draft,published)=draft pages:int=100"
"""

import itertools
import sqlite3
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.contract.checks import assert_problem
from tests.support.database import fresh_database
from tests.support.identity import Account, new_account
from tests.support.project import BakedProject
from tests.support.serving import Server, production_environment, serving

# The open skeleton's resources run the same code less the ownership check, which the grown
# project's own suite covers there: these run on the default's combinations, to keep the time.
pytestmark = pytest.mark.default_auth

BOOKS = "/api/books"
AUTHORS = "/api/authors"
NO_AUTHOR = "There is no author with this id"
BAD_STATUS = "Input should be 'draft' or 'published'"
STILL_REFERRED = "Other rows refer to it; delete or change them first."
# Ids that cannot name an author: none was made with them, or none can be.
NO_SUCH_IDS = [0, -1, 2**63 - 1, 987654321]
_numbers = itertools.count(1)


@pytest.fixture(scope="module")
def grown_server(grown: BakedProject, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    workdir = tmp_path_factory.mktemp("fields")
    with (
        fresh_database(grown.combination.database, workdir) as database_url,
        serving(grown, production_environment(database_url)) as server,
    ):
        yield server


def _client(server: Server, account: Account | None) -> httpx.Client:
    headers = {} if account is None else account.headers
    return httpx.Client(base_url=server.url, timeout=10, headers=headers)


@pytest.fixture(scope="module")
def accounts(grown_server: Server, grown: BakedProject) -> tuple[Account | None, Account | None]:
    """Two users where the project has them (authors belong to their creators); else none."""
    if not grown.combination.has_users:
        return None, None
    with httpx.Client(base_url=grown_server.url, timeout=10) as anonymous:
        return new_account(anonymous, "fields"), new_account(anonymous, "fields-other")


@pytest.fixture
def client(
    grown_server: Server, accounts: tuple[Account | None, Account | None]
) -> Iterator[httpx.Client]:
    with _client(grown_server, accounts[0]) as client:
        yield client


@pytest.fixture
def other(
    grown_server: Server, accounts: tuple[Account | None, Account | None]
) -> Iterator[httpx.Client]:
    with _client(grown_server, accounts[1]) as client:
        yield client


def _author(client: httpx.Client) -> int:
    number = next(_numbers)
    response = client.post(
        AUTHORS,
        json={
            "name": f"Author {number} {uuid.uuid4().hex[:8]}",
            "priority": number,
            "rating": 4.5,
            "contact": str(uuid.uuid4()),
            "seen_at": "2026-11-21T09:30:00Z",
        },
    )
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def _isbn() -> str:
    return f"978-{uuid.uuid4().hex[:10]}"


def _book(client: httpx.Client, author_id: int, **fields: Any) -> dict[str, Any]:
    response = client.post(
        BOOKS, json={"title": "Dune", "isbn": _isbn(), "author_id": author_id, **fields}
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


def _pointers(body: dict[str, Any]) -> list[tuple[str, str]]:
    return [
        (error.get("pointer", error.get("parameter")), error["detail"]) for error in body["errors"]
    ]


def test_a_book_left_to_its_defaults_reads_back_as_the_contract_says(client: httpx.Client) -> None:
    author = _author(client)

    book = _book(client, author)

    assert book["author_id"] == author
    assert book["editor_id"] is None
    assert book["status"] == "draft" and book["pages"] == 100
    assert set(book) == {
        "id", "title", "isbn", "author_id", "editor_id", "status", "pages", "created_at",
    }  # fmt: skip
    assert client.get(f"{BOOKS}/{book['id']}").json() == book


def test_put_without_the_defaulted_fields_stores_their_defaults(client: httpx.Client) -> None:
    author = _author(client)
    book = _book(client, author, status="published", pages=412)

    replaced = client.put(
        f"{BOOKS}/{book['id']}", json={"title": "Dune", "isbn": book["isbn"], "author_id": author}
    )

    assert replaced.status_code == 200, replaced.text
    assert (replaced.json()["status"], replaced.json()["pages"]) == ("draft", 100)


@pytest.mark.parametrize("author_id", NO_SUCH_IDS)
def test_a_reference_to_no_row_is_422_with_its_pointer(
    client: httpx.Client, author_id: int
) -> None:
    response = client.post(BOOKS, json={"title": "Dune", "isbn": _isbn(), "author_id": author_id})

    body = assert_problem(response, 422)
    assert _pointers(body) == [("#/author_id", NO_AUTHOR)]


def test_every_bad_reference_is_named_on_post_put_and_patch(client: httpx.Client) -> None:
    book = _book(client, _author(client))
    path = f"{BOOKS}/{book['id']}"
    both = {"author_id": 987654321, "editor_id": 987654322}

    answers = [
        client.post(BOOKS, json={"title": "Dune", "isbn": _isbn(), **both}),
        client.put(path, json={"title": "Dune", "isbn": book["isbn"], **both}),
        client.patch(path, json=both),
    ]

    for response in answers:
        body = assert_problem(response, 422)
        assert _pointers(body) == [("#/author_id", NO_AUTHOR), ("#/editor_id", NO_AUTHOR)]
    assert client.get(path).json() == book


def test_a_schema_error_is_reported_before_references_are_looked_up(client: httpx.Client) -> None:
    response = client.post(BOOKS, json={"title": "", "isbn": _isbn(), "author_id": 987654321})

    body = assert_problem(response, 422)
    assert [pointer for pointer, _ in _pointers(body)] == ["#/title"]


@pytest.mark.users
def test_another_users_author_cannot_be_named(client: httpx.Client, other: httpx.Client) -> None:
    mine = _author(client)

    for answer in (
        other.post(BOOKS, json={"title": "Dune", "isbn": _isbn(), "author_id": mine}),
        other.post(
            BOOKS,
            json={"title": "Dune", "isbn": _isbn(), "author_id": _author(other), "editor_id": mine},
        ),
    ):
        body = assert_problem(answer, 422)
        assert [pointer for pointer, _ in _pointers(body)] in (["#/author_id"], ["#/editor_id"])
        assert _pointers(body)[0][1] == NO_AUTHOR


def test_deleting_an_author_a_book_still_names_is_409_and_keeps_both(client: httpx.Client) -> None:
    author = _author(client)
    book = _book(client, author)

    response = client.delete(f"{AUTHORS}/{author}")

    body = assert_problem(response, 409)
    assert body["detail"] == STILL_REFERRED
    assert client.get(f"{AUTHORS}/{author}").status_code == 200
    assert client.get(f"{BOOKS}/{book['id']}").json() == book


def test_deleting_an_editor_leaves_the_book_without_one(client: httpx.Client) -> None:
    author, editor = _author(client), _author(client)
    book = _book(client, author, editor_id=editor)
    assert book["editor_id"] == editor

    assert client.delete(f"{AUTHORS}/{editor}").status_code == 204

    assert client.get(f"{BOOKS}/{book['id']}").json() == {**book, "editor_id": None}


def test_the_list_filters_by_reference_and_by_status(client: httpx.Client) -> None:
    author = _author(client)
    draft = _book(client, author)
    published = _book(client, author, status="published", editor_id=author)
    _book(client, _author(client), status="published")

    def ids(**query: object) -> list[int]:
        response = client.get(BOOKS, params={"per_page": 100, **query})
        assert response.status_code == 200, response.text
        return [item["id"] for item in response.json()["items"]]

    assert ids(author_id=author) == [draft["id"], published["id"]]
    assert ids(author_id=author, status="published") == [published["id"]]
    assert ids(editor_id=author) == [published["id"]]
    assert ids(author_id=987654321) == []


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ({"status": "archived"}, "status"),
        ({"author_id": "abc"}, "author_id"),
        ({"editor_id": "1.5"}, "editor_id"),
    ],
)
def test_a_bad_filter_is_422_naming_the_parameter(
    client: httpx.Client, query: dict[str, str], parameter: str
) -> None:
    body = assert_problem(client.get(BOOKS, params=query), 422)

    assert [error.get("parameter") for error in body["errors"]] == [parameter]
    if parameter == "status":
        assert body["errors"][0]["detail"] == BAD_STATUS


@pytest.mark.parametrize("status", ["archived", "Draft", "", 1, None])
def test_a_status_outside_the_enum_is_422(client: httpx.Client, status: object) -> None:
    response = client.post(
        BOOKS,
        json={"title": "Dune", "isbn": _isbn(), "author_id": _author(client), "status": status},
    )

    body = assert_problem(response, 422)
    assert _pointers(body) == [("#/status", BAD_STATUS)]


def test_a_second_book_with_the_same_isbn_is_409_naming_the_field(client: httpx.Client) -> None:
    author = _author(client)
    first, second = _book(client, author), _book(client, author)

    answers = [
        client.post(BOOKS, json={"title": "Dune", "isbn": first["isbn"], "author_id": author}),
        client.patch(f"{BOOKS}/{second['id']}", json={"isbn": first["isbn"]}),
        client.put(
            f"{BOOKS}/{second['id']}",
            json={"title": "Dune", "isbn": first["isbn"], "author_id": author},
        ),
    ]

    for response in answers:
        body = assert_problem(response, 409)
        assert body["detail"] == "Another row already has this isbn."
    assert client.get(f"{BOOKS}/{second['id']}").json() == second


def test_the_document_describes_the_forms(client: httpx.Client) -> None:
    document = client.get("/openapi.json").json()
    schemas = document["components"]["schemas"]
    create = schemas["BookCreate"]

    assert set(create["required"]) == {"title", "isbn", "author_id"}
    assert create["properties"]["status"]["enum"] == ["draft", "published"]
    assert create["properties"]["status"]["default"] == "draft"
    assert create["properties"]["pages"]["default"] == 100
    assert not any(name.endswith("Enum") for name in schemas)
    parameters = {p["name"]: p for p in document["paths"][BOOKS]["get"]["parameters"]}
    assert {"author_id", "editor_id", "status"} <= set(parameters)
    assert parameters["status"]["schema"]["enum"] == ["draft", "published"]


def _violates(url: str, statement: str) -> bool:
    """Whether the database refuses `statement` as breaking an integrity constraint."""
    if url.startswith("sqlite"):
        # Autocommit: a deferred foreign key (Django's) is checked as the statement commits.
        connection = sqlite3.connect(url.split(":///", 1)[1], isolation_level=None)
        try:
            connection.execute("PRAGMA foreign_keys=ON")
            connection.execute(statement)
        except sqlite3.IntegrityError:
            return True
        finally:
            connection.close()
        return False
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        try:
            connection.execute(statement)  # Django's foreign keys are checked at commit
        except psycopg.IntegrityError:
            return True
    return False


def test_the_database_itself_refuses_what_the_contract_refuses(
    grown_server: Server, grown: BakedProject, client: httpx.Client
) -> None:
    """The migration made real constraints: a foreign key, a CHECK and a unique constraint hold
    against plain SQL too, not only in the application."""
    author = _author(client)
    first, second = _book(client, author), _book(client, author)
    table = "books_book" if grown.combination.framework == "django" else "books"
    url = grown_server.env["DATABASE_URL"]
    where = f"WHERE id = {second['id']}"

    assert _violates(url, f"UPDATE {table} SET author_id = 987654321 {where}")
    assert _violates(url, f"UPDATE {table} SET status = 'archived' {where}")
    assert _violates(url, f"UPDATE {table} SET isbn = '{first['isbn']}' {where}")
    # The control: the same kind of statement, with nothing wrong in it, is accepted.
    assert not _violates(url, f"UPDATE {table} SET status = 'published' {where}")
