"""Every list answers a page at a time, in the same envelope (app.api.pagination): tried on
tests.probes, whose list is paged as a resource's is."""

from typing import Any

import pytest
from django.test import Client
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from app.api.pagination import PagePagination
from tests.conftest import body_of, send_json
from tests.probes import PATH

pytestmark = pytest.mark.urls("tests.probes")


@pytest.fixture
def ids(client: Client) -> list[int]:
    """25 probes, every third one done."""
    created = [
        send_json(client, "POST", PATH, {"title": f"Probe {n}", "done": n % 3 == 0})
        for n in range(25)
    ]
    return [body_of(response)["id"] for response in created]


def page(client: Client, **query: Any) -> dict[str, Any]:
    response = client.get(PATH, query)
    assert response.status_code == 200, response.content
    answer: dict[str, Any] = body_of(response)
    return answer


def test_a_list_is_paged_in_order(client: Client, ids: list[int]) -> None:
    first, third = page(client), page(client, page=3, per_page=10)

    assert [item["id"] for item in first["items"]] == ids[:10]
    assert {key: first[key] for key in ("page", "per_page", "total", "pages")} == {
        "page": 1,
        "per_page": 10,
        "total": 25,
        "pages": 3,
    }
    assert [item["id"] for item in third["items"]] == ids[20:]


@pytest.mark.parametrize(("per_page", "pages"), [(1, 25), (100, 1)])
def test_per_page_bounds(client: Client, ids: list[int], per_page: int, pages: int) -> None:
    answer = page(client, per_page=per_page)

    assert (len(answer["items"]), answer["pages"]) == (min(per_page, 25), pages)


@pytest.mark.parametrize("number", [4, 10**6, 10**30])
def test_a_page_past_the_end_is_empty(client: Client, ids: list[int], number: int) -> None:
    answer = page(client, page=number)

    assert answer == {"items": [], "page": number, "per_page": 10, "total": 25, "pages": 3}


def test_an_empty_list_has_no_pages(client: Client) -> None:
    assert page(client) == {"items": [], "page": 1, "per_page": 10, "total": 0, "pages": 0}


def test_a_filter_counts_what_it_keeps(client: Client, ids: list[int]) -> None:
    answer = page(client, done="true")

    assert [item["id"] for item in answer["items"]] == ids[::3][:10]
    assert (answer["total"], answer["pages"]) == (9, 1)


def test_only_an_api_views_query_is_paged() -> None:
    request = Request(APIRequestFactory().get(PATH))

    with pytest.raises(TypeError, match="ApiView"):
        PagePagination().paginate_queryset([], request)
