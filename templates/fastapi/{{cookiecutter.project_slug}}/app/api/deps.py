"""Dependencies as `Annotated` aliases, so route signatures read as what they receive."""
{%- if cookiecutter.auth == "jwt" %}

from collections.abc import AsyncIterator, Callable, Coroutine
from email.message import Message
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response, Security
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from app.api.openapi import Responses
from app.core.config import Settings
from app.models.user import User
from app.schemas.base import QueryModel
from app.services import users

__all__ = [
    "CurrentUser",
    "NoQuery",
    "ProtectedRouter",
    "RequireJson",
    "SessionDep",
    "SettingsDep",
    "app_settings",
    "refuse_query_string",
]
{%- else %}

from collections.abc import AsyncIterator
from email.message import Message
from typing import Annotated

from fastapi import Depends, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.config import Settings
from app.schemas.base import QueryModel

__all__ = [
    "NoQuery",
    "RequireJson",
    "SessionDep",
    "SettingsDep",
    "app_settings",
    "refuse_query_string",
]
{%- endif %}


def app_settings(request: Request) -> Settings:
    """The settings the app was built with (`create_app`), the ones SettingsDep gives routes."""
    settings: Settings = request.app.state.settings
    return settings


async def provide_settings(request: Request) -> Settings:
    """SettingsDep's provider. `async`, so FastAPI calls it in the event loop: a plain function
    would be sent to the thread pool on every request, for a dictionary lookup."""
    return app_settings(request)


# Requests that only read: HEAD is a GET by the time it is routed, and no GET writes.
READS = frozenset({"GET", "HEAD"})


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    """A read's session runs its SELECTs outside a transaction on PostgreSQL (`for_reads`):
    no BEGIN and ROLLBACK around them, two round trips to the server less."""
    state = request.app.state
    bind = state.read_engine if request.method in READS else state.engine
    async with state.session_factory(bind=bind) as session:
        yield session


async def require_json(request: Request) -> None:
    """A body in another format is a 415, before validation can call it malformed JSON."""
    if not await request.body():
        return
    message = Message()
    message["content-type"] = request.headers.get("content-type", "")
    subtype = message.get_content_subtype()
    if message.get_content_maintype() != "application" or not (
        subtype == "json" or subtype.endswith("+json")
    ):
        raise HTTPException(status_code=415)


class NoQueryParameters(QueryModel):
    """The query of an operation that takes no parameters: any one sent is unknown."""


async def refuse_query_parameters(_: Annotated[NoQueryParameters, Query()]) -> None:
    """Validated with the rest of the request, so an unknown parameter is one more 422 error
    beside those of the body; operations with parameters declare a QueryModel instead."""


def refuse_query_string(request: Request) -> None:
    """NoQuery's refusal, for an operation without a body to make itself: nothing to do for an
    empty query string, and the same 422 as NoQuery's for any parameter sent.

    NoQuery is validated on every request, dependency and all, which costs the liveness check,
    asked many times a second, a good part of its time. Without a body, the query's are the
    only errors a request can have, so refusing it inside the operation answers the same.
    """
    if not request.scope["query_string"]:
        return
    try:
        NoQueryParameters.model_validate(dict(request.query_params))
    except ValidationError as error:
        errors = [{**detail, "loc": ("query", *detail["loc"])} for detail in error.errors()]
        raise RequestValidationError(errors) from None


SettingsDep = Annotated[Settings, Depends(provide_settings)]
# Closed as soon as the route function returns (scope="function"), so its pooled connection
# goes back before the answer is sent, not after: routes return response models, never rows
# to be read later.
SessionDep = Annotated[AsyncSession, Depends(get_session, scope="function")]
RequireJson = Depends(require_json)
NoQuery = Depends(refuse_query_parameters)
{%- if cookiecutter.auth == "jwt" %}

# Documented as `components.securitySchemes.bearerAuth`; the 401s are this module's own.
bearer = HTTPBearer(auto_error=False, scheme_name="bearerAuth", bearerFormat="JWT")
NOT_AUTHENTICATED = "Missing or invalid access token."
UNAUTHORIZED: Responses = {401: {"description": "No valid access token"}}


async def authenticate(request: Request, connection: AsyncConnection) -> User:
    """The active user the request's access token was issued to, or a 401 whose challenge says
    whether a token was sent at all."""
    credentials = await bearer(request)
    if credentials is None:
        raise HTTPException(401, NOT_AUTHENTICATED, headers={"WWW-Authenticate": "Bearer"})
    key = app_settings(request).signing_key
    user = await users.user_for_access_token(connection, credentials.credentials, key=key)
    if user is None:
        challenge = 'Bearer error="invalid_token"'
        raise HTTPException(401, NOT_AUTHENTICATED, headers={"WWW-Authenticate": challenge})
    return user


class TokenCheckedRoute(APIRoute):
    """Checks the access token before FastAPI reads the body or the query, so that a request
    without a valid token is a 401, never a 400 or a 422. Unknown paths and methods never get
    here: they stay 404 and 405."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def check_token_first(request: Request) -> Response:
            # Its own connection, outside a transaction, given back at once: the route's
            # session takes one only when it first queries, and a request holding one
            # across the rest of its work would keep it from requests waiting for one.
            async with request.app.state.read_engine.connect() as connection:
                request.state.user = await authenticate(request, connection)
            return await handler(request)

        return check_token_first


async def current_user(
    request: Request, _: Annotated[HTTPAuthorizationCredentials | None, Security(bearer)]
) -> User:
    """The user TokenCheckedRoute found. Declaring the bearer scheme here is what documents
    each operation's `security` and gives /docs its Authorize button."""
    user: User = request.state.user
    return user


class ProtectedRouter(APIRouter):
    """A router whose every operation needs an access token: checked first, and documented
    (`security` and the 401)."""

    def __init__(self, **options: Any) -> None:
        super().__init__(
            route_class=TokenCheckedRoute,
            dependencies=[Depends(current_user)],
            responses=UNAUTHORIZED,
            **options,
        )


CurrentUser = Annotated[User, Depends(current_user)]
{%- endif %}
