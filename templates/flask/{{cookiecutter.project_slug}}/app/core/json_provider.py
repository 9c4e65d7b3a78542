"""JSON in and out: the same bytes the other forge skeletons send, and no 500 on hostile input."""

from typing import Any

from flask.json.provider import DefaultJSONProvider

__all__ = ["JSONProvider"]


class JSONProvider(DefaultJSONProvider):
    """Compact, in field order, UTF-8 as is; JSON nested too deeply is malformed JSON (400)."""

    compact = True
    sort_keys = False
    ensure_ascii = False

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        try:
            return super().loads(s, **kwargs)
        except RecursionError as exc:
            # Werkzeug answers a ValueError with 400; a RecursionError would escape as a 500.
            raise ValueError("JSON nested too deeply") from exc
