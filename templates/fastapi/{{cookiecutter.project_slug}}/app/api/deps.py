"""Dependencies as `Annotated` aliases, so route signatures read as what they receive."""

from collections.abc import AsyncIterator
from email.message import Message
from typing import Annotated

from fastapi import Depends, HTTPException, Query, Request
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.config import Settings, get_settings
from app.schemas.base import QueryModel

__all__ = ["NoQuery", "RequireJson", "SessionDep", "SettingsDep"]


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    async with request.app.state.session_factory() as session:
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


SettingsDep = Annotated[Settings, Depends(get_settings)]
SessionDep = Annotated[AsyncSession, Depends(get_session)]
RequireJson = Depends(require_json)
NoQuery = Depends(refuse_query_parameters)
