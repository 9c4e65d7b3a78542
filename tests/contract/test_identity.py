"""Section 4 of the contract, black-box: users, tokens and ownership, identical in every skeleton
generated with `--auth jwt` (the default), against the skeleton served in production mode."""

import base64
import json
import re
import statistics
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import jwt
import pytest

from tests.contract.checks import RFC3339, assert_problem, create_task
from tests.support.identity import (
    PASSWORD,
    Account,
    bearer,
    create_superuser,
    log_in,
    new_account,
    new_email,
    sign_up,
)
from tests.support.project import BakedProject
from tests.support.serving import SECRET_KEY, Server, free_port, serving

pytestmark = pytest.mark.users

ACCESS_SECONDS = 15 * 60  # ACCESS_TOKEN_MINUTES' default
LOGIN_LIMIT = 5
LOGIN_WINDOW_SECONDS = 15 * 60
USER_FIELDS = {"id", "email", "is_superuser", "created_at"}
PROTECTED = [
    ("GET", "/api/tasks"),
    ("HEAD", "/api/tasks"),
    ("POST", "/api/tasks"),
    ("GET", "/api/tasks/1"),
    ("PUT", "/api/tasks/1"),
    ("PATCH", "/api/tasks/1"),
    ("DELETE", "/api/tasks/1"),
    ("GET", "/api/users/me"),
    ("HEAD", "/api/users/me"),
    ("PUT", "/api/users/me/password"),
]


@pytest.fixture
def user(anonymous: httpx.Client) -> Account:
    return new_account(anonymous)


@pytest.fixture(scope="module")
def superuser(server: Server, installed: BakedProject) -> Account:
    with httpx.Client(base_url=server.url, timeout=10) as anonymous:
        return create_superuser(installed, server.env, anonymous)


def _assert_user(body: dict[str, Any], email: str) -> None:
    assert set(body) == USER_FIELDS, body
    assert isinstance(body["id"], int) and not isinstance(body["id"], bool)
    assert body["email"] == email
    assert body["is_superuser"] is False
    assert RFC3339.fullmatch(body["created_at"]), body["created_at"]


def _assert_unauthorized(response: httpx.Response, *, token_sent: bool) -> None:
    if response.request.method != "HEAD":  # a HEAD answer has the headers only
        assert_problem(response, 401)
    assert response.status_code == 401
    challenge = response.headers.get("www-authenticate", "")
    assert challenge.startswith("Bearer"), response.headers
    assert ('error="invalid_token"' in challenge) is token_sent, challenge


def _access_token(**claims: Any) -> str:
    """A token signed as the server signs, with `claims` over the usual ones (None drops one)."""
    now = datetime.now(UTC)
    payload = {
        "sub": "1",
        "iat": now,
        "exp": now + timedelta(minutes=5),
        "jti": uuid.uuid4().hex,
        "typ": "access",
    }
    payload.update(claims)
    return jwt.encode(
        {key: value for key, value in payload.items() if value is not None},
        SECRET_KEY,
        algorithm="HS256",
    )


def _unsigned(claims: dict[str, Any]) -> str:
    """`alg: none`, which a server that trusts the header would accept."""

    def part(data: dict[str, Any]) -> str:
        raw = json.dumps(data, default=str).encode()
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    return f"{part({'alg': 'none', 'typ': 'JWT'})}.{part(claims)}."


# Registration -------------------------------------------------------------------------------


def test_registration_answers_the_user_and_where_it_lives(anonymous: httpx.Client) -> None:
    email = new_email()
    response = anonymous.post(
        "/api/auth/register", json={"email": f"  {email.upper()} ", "password": PASSWORD}
    )

    assert response.status_code == 201, response.text
    assert response.headers["location"] == "/api/users/me"
    _assert_user(response.json(), email)
    assert PASSWORD not in response.text


def test_an_email_taken_in_any_case_is_409(anonymous: httpx.Client) -> None:
    email = new_email()
    sign_up(anonymous, email)

    response = anonymous.post(
        "/api/auth/register", json={"email": email.upper(), "password": PASSWORD}
    )

    assert_problem(response, 409)


@pytest.mark.parametrize(
    ("body", "pointer"),
    [
        pytest.param({"email": "not-an-address", "password": PASSWORD}, "#/email", id="email"),
        pytest.param({"email": "a@b", "password": PASSWORD}, "#/email", id="no-dot"),
        pytest.param(
            {"email": "x" * 243 + "@example.com", "password": PASSWORD}, "#/email", id="255"
        ),
        pytest.param({"email": 5, "password": PASSWORD}, "#/email", id="email-number"),
        pytest.param({"email": "{new}", "password": "short12"}, "#/password", id="7-characters"),
        pytest.param({"email": "{new}", "password": "p" * 129}, "#/password", id="129"),
        pytest.param({"email": "{new}", "password": "{new}"}, "#/password", id="the-email"),
        pytest.param({"email": "{new}", "password": 12345678}, "#/password", id="not-a-string"),
        pytest.param({"email": "{new}"}, "#/password", id="missing"),
        pytest.param(
            {"email": "{new}", "password": PASSWORD, "is_superuser": True},
            "#/is_superuser",
            id="unknown-field",
        ),
    ],
)
def test_registration_validates_like_every_body(
    anonymous: httpx.Client, body: dict[str, Any], pointer: str
) -> None:
    email = new_email()
    body = {key: email if value == "{new}" else value for key, value in body.items()}

    problem = assert_problem(anonymous.post("/api/auth/register", json=body), 422)

    assert pointer in [error.get("pointer") for error in problem["errors"]], problem
    assert PASSWORD not in json.dumps(problem)


def test_a_password_of_8_and_of_128_characters_is_taken(anonymous: httpx.Client) -> None:
    for password in ("p" * 8, "p" * 128):
        response = anonymous.post(
            "/api/auth/register", json={"email": new_email(), "password": password}
        )
        assert response.status_code == 201, response.text


# Tokens -------------------------------------------------------------------------------------


def test_login_answers_a_short_lived_jwt_and_an_opaque_refresh_token(
    anonymous: httpx.Client,
) -> None:
    email = new_email()
    user_id = sign_up(anonymous, email)["id"]

    tokens = log_in(anonymous, email)

    assert set(tokens) == {"access_token", "token_type", "expires_in", "refresh_token"}
    assert (tokens["token_type"], tokens["expires_in"]) == ("bearer", ACCESS_SECONDS)
    access = str(tokens["access_token"])
    assert jwt.get_unverified_header(access)["alg"] == "HS256"
    claims = jwt.decode(access, SECRET_KEY, algorithms=["HS256"])
    assert set(claims) >= {"sub", "exp", "iat", "jti", "typ"}
    assert (claims["sub"], claims["typ"]) == (str(user_id), "access")
    assert claims["exp"] - claims["iat"] == ACCESS_SECONDS
    refresh = str(tokens["refresh_token"])
    assert len(refresh) >= 43 and refresh.count(".") != 2  # 256 bits, and no JWT
    assert log_in(anonymous, email)["refresh_token"] != refresh


def test_a_wrong_password_and_an_unknown_email_get_the_same_401(anonymous: httpx.Client) -> None:
    email = new_email()
    sign_up(anonymous, email)

    wrong = anonymous.post("/api/auth/token", json={"email": email, "password": "wrong" * 3})
    unknown = anonymous.post(
        "/api/auth/token", json={"email": new_email(), "password": "wrong" * 3}
    )

    assert assert_problem(wrong, 401) == assert_problem(unknown, 401)
    assert wrong.headers["www-authenticate"].startswith("Bearer")


def test_an_unknown_email_takes_about_as_long_as_a_wrong_password(
    anonymous: httpx.Client,
) -> None:
    """Without a hash to check, an unknown address would answer in a fraction of the time and
    tell who has an account; the skeletons verify a dummy hash instead."""
    email = new_email()
    sign_up(anonymous, email)

    def seconds(address: str) -> float:
        started = time.perf_counter()
        anonymous.post("/api/auth/token", json={"email": address, "password": "wrong" * 3})
        return time.perf_counter() - started

    known = statistics.median(seconds(email) for _ in range(3))
    unknown = statistics.median(seconds(new_email()) for _ in range(3))

    assert unknown > 0.3 * known, (known, unknown)


def test_login_takes_an_address_in_any_case_and_with_blanks(anonymous: httpx.Client) -> None:
    email = new_email()
    sign_up(anonymous, email)

    assert log_in(anonymous, f" {email.upper()} ")["token_type"] == "bearer"


def test_the_current_user_with_a_token(user: Account, anonymous: httpx.Client) -> None:
    response = anonymous.get("/api/users/me", headers=user.headers)

    assert response.status_code == 200, response.text
    _assert_user(response.json(), user.email)
    head = anonymous.head("/api/users/me", headers=user.headers)
    assert (head.status_code, head.content) == (200, b"")


@pytest.mark.parametrize(("method", "path"), PROTECTED)
def test_every_other_api_operation_needs_a_token(
    anonymous: httpx.Client, method: str, path: str
) -> None:
    # A body that would not validate: the token is checked first.
    body = {"title": ""} if method in ("POST", "PUT", "PATCH") else None

    response = anonymous.request(method, path, json=body)

    _assert_unauthorized(response, token_sent=False)


def test_health_and_documents_stay_open(anonymous: httpx.Client) -> None:
    for path in ("/health", "/health/ready", "/openapi.json", "/docs"):
        assert anonymous.get(path).status_code == 200, path


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda user: "not-a-jwt", id="malformed"),
        pytest.param(lambda user: _access_token(sub=user, exp=datetime.now(UTC)
                                                - timedelta(seconds=5)), id="expired"),
        pytest.param(lambda user: jwt.encode({"sub": user, "typ": "access"}, "x" * 40,
                                             algorithm="HS256"), id="other-key"),
        pytest.param(lambda user: _unsigned({"sub": user, "typ": "access", "jti": "j",
                                              "iat": 1, "exp": 4102444800}), id="alg-none"),
        pytest.param(lambda user: jwt.encode(
            {"sub": user, "typ": "access", "jti": "j", "iat": datetime.now(UTC),
             "exp": datetime.now(UTC) + timedelta(minutes=5)},
            SECRET_KEY, algorithm="HS512"), id="hs512"),
        pytest.param(lambda user: _access_token(sub=user, typ="refresh"), id="typ-refresh"),
        pytest.param(lambda user: _access_token(sub=user, jti=None), id="no-jti"),
        pytest.param(lambda user: _access_token(sub="987654321"), id="no-such-user"),
        pytest.param(lambda user: _access_token(sub=user) + "x", id="tampered"),
    ],
)  # fmt: skip
def test_a_bad_access_token_is_401_invalid_token(
    anonymous: httpx.Client, user: Account, make: Any
) -> None:
    subject = jwt.decode(user.access_token, options={"verify_signature": False})["sub"]

    response = anonymous.get("/api/users/me", headers=bearer(make(subject)))

    _assert_unauthorized(response, token_sent=True)


def test_a_forged_token_with_the_right_key_is_what_the_check_trusts(
    anonymous: httpx.Client, user: Account
) -> None:
    """The control for the test above: the same construction with nothing wrong is accepted,
    so each refusal there is for the one thing changed."""
    subject = jwt.decode(user.access_token, options={"verify_signature": False})["sub"]

    response = anonymous.get("/api/users/me", headers=bearer(_access_token(sub=subject)))

    assert response.status_code == 200, response.text


@pytest.mark.parametrize("authorization", ["Basic dXNlcjpwYXNz", "Bearer", "Token abc"])
def test_credentials_of_another_kind_are_no_token_at_all(
    anonymous: httpx.Client, authorization: str
) -> None:
    """RFC 6750: a request without bearer credentials gets the bare challenge, no error code."""
    response = anonymous.get("/api/users/me", headers={"Authorization": authorization})

    _assert_unauthorized(response, token_sent=False)


def test_a_refresh_token_in_place_of_an_access_token_is_401(
    anonymous: httpx.Client, user: Account
) -> None:
    for header in (bearer(user.refresh_token), {"Authorization": user.access_token}):
        response = anonymous.get("/api/users/me", headers=header)
        assert response.status_code == 401
        assert response.headers["www-authenticate"].startswith("Bearer")


# Refresh, logout, password ------------------------------------------------------------------


def _refresh(client: httpx.Client, token: str) -> httpx.Response:
    return client.post("/api/auth/refresh", json={"refresh_token": token})


def test_refresh_spends_the_token_and_answers_a_new_pair(
    anonymous: httpx.Client, user: Account
) -> None:
    response = _refresh(anonymous, user.refresh_token)

    assert response.status_code == 200, response.text
    pair = response.json()
    assert set(pair) == {"access_token", "token_type", "expires_in", "refresh_token"}
    assert pair["refresh_token"] != user.refresh_token
    assert anonymous.get("/api/users/me", headers=bearer(pair["access_token"])).status_code == 200
    assert_problem(_refresh(anonymous, "x" * 43), 401)


def test_a_spent_refresh_token_presented_again_revokes_its_family(
    anonymous: httpx.Client, user: Account
) -> None:
    other_login = log_in(anonymous, user.email)  # another family: not touched
    second = _refresh(anonymous, user.refresh_token).json()["refresh_token"]

    assert_problem(_refresh(anonymous, user.refresh_token), 401)  # reuse: a stolen-token signal

    assert_problem(_refresh(anonymous, second), 401)
    assert _refresh(anonymous, str(other_login["refresh_token"])).status_code == 200


def test_logout_revokes_the_family_and_needs_no_access_token(
    anonymous: httpx.Client, user: Account
) -> None:
    second = _refresh(anonymous, user.refresh_token).json()["refresh_token"]

    response = anonymous.post("/api/auth/logout", json={"refresh_token": second})

    assert (response.status_code, response.content) == (204, b"")
    assert_problem(_refresh(anonymous, second), 401)
    unknown = anonymous.post("/api/auth/logout", json={"refresh_token": "y" * 43})
    assert unknown.status_code == 204


@pytest.mark.parametrize("path", ["/api/auth/refresh", "/api/auth/logout"])
def test_refresh_and_logout_validate_their_body(anonymous: httpx.Client, path: str) -> None:
    for body in ({}, {"refresh_token": ""}, {"refresh_token": 5}, {"refresh_token": "x", "a": 1}):
        assert_problem(anonymous.post(path, json=body), 422)


def test_changing_the_password_revokes_every_refresh_token(
    anonymous: httpx.Client, user: Account
) -> None:
    other = log_in(anonymous, user.email)
    new_password = "a new and longer passphrase"

    wrong = anonymous.put(
        "/api/users/me/password",
        json={"current_password": "not it at all", "new_password": new_password},
        headers=user.headers,
    )
    assert_problem(wrong, 403)
    short = anonymous.put(
        "/api/users/me/password",
        json={"current_password": PASSWORD, "new_password": "short"},
        headers=user.headers,
    )
    assert "#/new_password" in [e.get("pointer") for e in assert_problem(short, 422)["errors"]]

    changed = anonymous.put(
        "/api/users/me/password",
        json={"current_password": PASSWORD, "new_password": new_password},
        headers=user.headers,
    )

    assert (changed.status_code, changed.content) == (204, b"")
    for token in (user.refresh_token, str(other["refresh_token"])):
        assert_problem(_refresh(anonymous, token), 401)
    assert log_in(anonymous, user.email, new_password)["token_type"] == "bearer"
    old = anonymous.post("/api/auth/token", json={"email": user.email, "password": PASSWORD})
    assert_problem(old, 401)


def test_the_new_password_may_not_be_the_email(anonymous: httpx.Client, user: Account) -> None:
    response = anonymous.put(
        "/api/users/me/password",
        json={"current_password": PASSWORD, "new_password": user.email},
        headers=user.headers,
    )

    assert "#/new_password" in [e.get("pointer") for e in assert_problem(response, 422)["errors"]]


# Brute force --------------------------------------------------------------------------------


def test_five_failed_logins_lock_that_email_even_for_the_right_password(
    anonymous: httpx.Client,
) -> None:
    email, bystander = new_email(), new_email()
    sign_up(anonymous, email)
    sign_up(anonymous, bystander)

    for _ in range(LOGIN_LIMIT):
        failed = anonymous.post("/api/auth/token", json={"email": email, "password": "no" * 5})
        assert_problem(failed, 401)
    locked = anonymous.post("/api/auth/token", json={"email": email.upper(), "password": PASSWORD})

    assert_problem(locked, 429)
    assert 1 <= int(locked.headers["retry-after"]) <= LOGIN_WINDOW_SECONDS
    assert log_in(anonymous, bystander)["token_type"] == "bearer"


def test_a_successful_login_is_not_throttled_by_earlier_successes(
    anonymous: httpx.Client,
) -> None:
    email = new_email()
    sign_up(anonymous, email)

    for _ in range(LOGIN_LIMIT + 1):
        assert log_in(anonymous, email)["token_type"] == "bearer"


# Ownership ----------------------------------------------------------------------------------


def test_another_users_task_is_a_404_and_not_counted(
    anonymous: httpx.Client, user: Account
) -> None:
    owner = new_account(anonymous, "owner")
    with httpx.Client(base_url=str(anonymous.base_url), headers=owner.headers) as as_owner:
        task = create_task(as_owner, "Mine alone")
    path = f"/api/tasks/{task['id']}"

    for method, body in (("GET", None), ("PUT", {"title": "Taken"}), ("PATCH", {"done": True}),
                         ("DELETE", None)):  # fmt: skip
        response = anonymous.request(method, path, json=body, headers=user.headers)
        assert_problem(response, 404)
    listing = anonymous.get("/api/tasks", params={"per_page": 100}, headers=user.headers).json()
    assert task["id"] not in [item["id"] for item in listing["items"]]
    assert listing["total"] == len(listing["items"]) == 0
    own = anonymous.get(path, headers=owner.headers)
    assert own.json() == task


def test_a_missing_task_and_another_users_answer_alike(
    anonymous: httpx.Client, user: Account
) -> None:
    owner = new_account(anonymous, "owner")
    with httpx.Client(base_url=str(anonymous.base_url), headers=owner.headers) as as_owner:
        task = create_task(as_owner)

    theirs = anonymous.get(f"/api/tasks/{task['id']}", headers=user.headers)
    missing = anonymous.get("/api/tasks/987654321", headers=user.headers)

    # The same problem, but for the id its detail may name.
    masked = [
        {**problem, "detail": re.sub(r"\d+", "N", problem["detail"])}
        for problem in (assert_problem(theirs, 404), assert_problem(missing, 404))
    ]
    assert masked[0] == masked[1]


def test_a_superuser_sees_and_changes_every_users_rows(
    anonymous: httpx.Client, user: Account, superuser: Account
) -> None:
    with httpx.Client(base_url=str(anonymous.base_url), headers=user.headers) as as_user:
        task = create_task(as_user, "Someone's")
    me = anonymous.get("/api/users/me", headers=superuser.headers).json()
    assert me["is_superuser"] is True

    first = anonymous.get("/api/tasks", params={"per_page": 100}, headers=superuser.headers)
    # Ordered by id: the newest task is on the last page.
    last = anonymous.get(
        "/api/tasks", params={"per_page": 100, "page": first.json()["pages"]},
        headers=superuser.headers,
    ).json()  # fmt: skip
    changed = anonymous.patch(
        f"/api/tasks/{task['id']}", json={"done": True}, headers=superuser.headers
    )

    assert task["id"] in [item["id"] for item in last["items"]]
    assert (changed.status_code, changed.json()["done"]) == (200, True)
    still_theirs = anonymous.get(f"/api/tasks/{task['id']}", headers=user.headers)
    assert still_theirs.json()["done"] is True


# The document -------------------------------------------------------------------------------


def test_the_document_declares_the_bearer_scheme_where_it_is_needed(
    anonymous: httpx.Client,
) -> None:
    document = anonymous.get("/openapi.json").json()
    assert document["components"]["securitySchemes"] == {
        "bearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
    }
    assert "security" not in document
    open_operations = {
        "get_health", "get_readiness", "register_user", "create_token", "refresh_token",
        "revoke_token",
    }  # fmt: skip
    seen = set()
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            seen.add(operation["operationId"])
            where = f"{method.upper()} {path}"
            if operation["operationId"] in open_operations:
                assert "security" not in operation, where
            else:
                assert operation.get("security") == [{"bearerAuth": []}], where
                assert "401" in operation["responses"], where
    assert seen >= open_operations | {"get_current_user", "change_password"}


# Secrets ------------------------------------------------------------------------------------


def test_no_password_hash_or_token_reaches_the_log(server: Server) -> None:
    """A whole session's worth of secrets, then the server's output (access log included)."""
    with httpx.Client(base_url=server.url, timeout=10) as anonymous:
        password = f"secret-{uuid.uuid4().hex}"
        email = new_email("logged")
        anonymous.post("/api/auth/register", json={"email": email, "password": password})
        anonymous.post("/api/auth/token", json={"email": email, "password": password + "x"})
        anonymous.post("/api/auth/register", json={"email": "bad", "password": password})
        tokens = log_in(anonymous, email, password)
        access, refresh = str(tokens["access_token"]), str(tokens["refresh_token"])
        anonymous.get("/api/users/me", headers=bearer(access))
        anonymous.get("/api/users/me", headers=bearer(access + "x"))
        anonymous.get(f"/api/tasks?token={refresh[:10]}", headers=bearer(access))
        renewed = _refresh(anonymous, refresh).json()
        anonymous.post("/api/auth/logout", json={"refresh_token": renewed["refresh_token"]})
    time.sleep(0.5)  # the access log line is written after the answer

    output = server.output()

    assert email in output or "/api/users/me" in output, "the log shows no requests at all"
    for secret in (password, access, refresh, renewed["access_token"], renewed["refresh_token"]):
        assert secret not in output
    assert "$argon2" not in output
    assert "Bearer " not in output


# Registration closed ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def closed(server: Server, installed: BakedProject) -> Iterator[Server]:
    env = {**server.env, "PORT": str(free_port()), "ALLOW_REGISTRATION": "false"}
    with serving(installed, env) as closed:
        yield closed


def test_registration_can_be_closed_and_existing_users_still_log_in(
    closed: Server, user: Account
) -> None:
    with httpx.Client(base_url=closed.url, timeout=10) as anonymous:
        refused = anonymous.post(
            "/api/auth/register", json={"email": new_email(), "password": PASSWORD}
        )
        assert_problem(refused, 403)
        assert log_in(anonymous, user.email)["token_type"] == "bearer"
