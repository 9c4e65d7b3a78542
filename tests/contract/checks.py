"""What every answer of the contract looks like, checked one way for all frameworks."""

import re
from datetime import datetime
from typing import Any

import httpx

__all__ = ["RFC3339", "TITLES", "assert_problem", "assert_task", "create_task"]

TITLES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    413: "Content Too Large",
    414: "URI Too Long",
    409: "Conflict",
    415: "Unsupported Media Type",
    422: "Unprocessable Content",
    429: "Too Many Requests",
    500: "Internal Server Error",
}
RFC3339 = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)")


def assert_problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].split(";")[0] == "application/problem+json"
    body = response.json()
    assert body["type"] == "about:blank"
    assert body["title"] == TITLES[status]
    assert body["status"] == status
    assert isinstance(body["detail"], str) and body["detail"]
    assert ("errors" in body) is (status == 422), body
    return body


def assert_task(task: dict[str, Any]) -> None:
    assert set(task) == {"id", "title", "done", "created_at"}
    assert isinstance(task["id"], int) and not isinstance(task["id"], bool)
    assert isinstance(task["title"], str)
    assert isinstance(task["done"], bool)
    assert RFC3339.fullmatch(task["created_at"]), task["created_at"]
    assert datetime.fromisoformat(task["created_at"]).utcoffset() is not None


def create_task(client: httpx.Client, title: str = "Contract task", **fields: Any) -> dict:
    response = client.post("/api/tasks", json={"title": title, **fields})
    assert response.status_code == 201, response.text
    return response.json()
