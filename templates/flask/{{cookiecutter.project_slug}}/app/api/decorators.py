"""View decorators that guard what a view receives before the schema validates it."""

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import request
from werkzeug.exceptions import BadRequest, UnsupportedMediaType

__all__ = ["require_json_object"]

View = TypeVar("View", bound=Callable[..., Any])


def require_json_object(view: View) -> View:
    """The body must be a JSON object: 415 for a body in another format, 400 for one that is not
    JSON or not an object (APIFlask would read `null` as `{}`). Goes above `@bp.input`."""

    @wraps(view)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        if request.get_data(cache=True) and not request.is_json:
            raise UnsupportedMediaType()
        # force: an empty body without a Content-Type is malformed JSON (400), as any other.
        if not isinstance(request.get_json(force=True), dict):
            raise BadRequest()
        return view(*args, **kwargs)

    return guarded  # type: ignore[return-value]
