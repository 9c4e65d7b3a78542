"""Guards on what a view receives before its schemas validate it: a view decorator, and a
request hook for every view."""

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import current_app, request
from werkzeug.exceptions import BadRequest, UnsupportedMediaType

__all__ = ["UnknownQueryParametersError", "refuse_undeclared_query", "require_json_object"]

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


class UnknownQueryParametersError(Exception):
    """Query parameters an operation does not declare; app.api.errors answers 422."""

    def __init__(self, names: list[str]) -> None:
        self.names = names
        super().__init__(", ".join(names))


def refuse_undeclared_query() -> None:
    """A `before_request` hook: an operation without a query model (`@bp.input(...,
    location="query")`) takes no query parameter, so any one sent is refused before the view
    runs. An operation with one refuses the names it does not know in that model (QueryModel),
    beside the model's other errors. Docs, assets and unknown paths are no operations: APIFlask
    keeps no `_spec` for them, the record it documents a view from."""
    # Most requests carry no query: they are done with before it is parsed or the view looked
    # up. OPTIONS answers CORS preflights, which carry the query of the request to come.
    if not request.query_string or not request.args or request.method == "OPTIONS":
        return
    view = current_app.view_functions.get(request.endpoint or "")
    spec = getattr(view, "_spec", None)
    if spec is None:
        return
    if not any(location == "query" for _, location in spec.get("args", ())):
        raise UnknownQueryParametersError(list(request.args))
