"""Request bodies: JSON objects only. Anything else is a 400 or a 415, never a 500."""

import json
from collections.abc import Iterable, Mapping
from email.message import Message
from typing import IO, Any

from rest_framework.exceptions import ParseError
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.parsers import BaseParser
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request

__all__ = ["JSONObjectParser", "JSONOnlyNegotiation", "is_json", "require_json_object"]


class JSONObjectParser(BaseParser):
    media_type = "application/json"

    def parse(
        self,
        stream: IO[bytes],
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        try:
            # From bytes, so that the encoding is detected (UTF-8, -16 or -32) as RFC 8259 says.
            data = json.loads(stream.read())
        except (ValueError, RecursionError) as exc:  # invalid UTF-8 too; nesting too deep
            raise ParseError from exc
        if not isinstance(data, dict):
            raise ParseError
        return data


class JSONOnlyNegotiation(DefaultContentNegotiation):
    """Bodies in `application/json` or any `application/*+json`; answers in the view's one
    format, whatever the Accept header asks for (no 406), as every forge skeleton does."""

    def select_parser(self, request: Request, parsers: Iterable[BaseParser]) -> BaseParser | None:
        return next(iter(parsers), None) if is_json(request.content_type) else None

    def select_renderer(
        self, request: Request, renderers: Iterable[BaseRenderer], format_suffix: str | None = None
    ) -> tuple[BaseRenderer, str]:
        renderer = next(iter(renderers))
        return renderer, renderer.media_type


def is_json(content_type: str) -> bool:
    message = Message()
    message["content-type"] = content_type
    subtype = message.get_content_subtype()
    return message.get_content_maintype() == "application" and (
        subtype == "json" or subtype.endswith("+json")
    )


def require_json_object(request: Request) -> dict[str, Any]:
    """The body as a JSON object. DRF hands an empty body over as `{}` without asking a
    parser; here it is refused like any other body that is not a JSON object."""
    data = request.data
    # JSONObjectParser answers objects only: a dict, unless no parser ran.
    if request.stream is None or not isinstance(data, dict):
        raise ParseError
    return data
