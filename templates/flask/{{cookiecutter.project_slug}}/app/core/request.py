"""The request class: a repeated query parameter means what it means in the other skeletons."""

from collections.abc import Iterator

from flask import Request as FlaskRequest
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.exceptions import BadRequestKeyError

__all__ = ["LastValueMultiDict", "Request"]


class LastValueMultiDict(ImmutableMultiDict[str, str]):
    """A repeated key's value is its last one (`?page=1&page=2` is page 2), as Starlette and
    Django read query strings; Werkzeug takes the first. `getlist` still returns them all, and
    `to_dict()`, which APIFlask validates a query with, takes the last through `items()`."""

    def __getitem__(self, key: str) -> str:
        values = self.getlist(key)
        if not values:
            raise BadRequestKeyError(key)
        return values[-1]

    def items(self, multi: bool = False) -> Iterator[tuple[str, str]]:  # type: ignore[override]
        if multi:
            yield from super().items(multi=True)
        else:
            for key, values in self.lists():
                yield key, values[-1]

    def values(self) -> Iterator[str]:  # type: ignore[override]
        for values in self.listvalues():
            yield values[-1]


class Request(FlaskRequest):
    parameter_storage_class = LastValueMultiDict
