"""Strict input: JSON types taken as they are, unknown fields refused, errors worded as in
every forge skeleton (the words are pydantic's, which the FastAPI skeleton answers with)."""

import math
import re
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import cache
from typing import Any, ClassVar, NoReturn
from uuid import UUID

from django_stubs_ext import StrOrPromise
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail, ValidationError
from rest_framework.fields import empty
from rest_framework.request import Request

from app.api.errors import QueryValidationError

__all__ = [
    "NumberField",
    "ProblemSerializer",
    "QueryBooleanField",
    "QueryChoiceField",
    "QueryIdField",
    "QueryIntegerField",
    "StrictBooleanField",
    "StrictCharField",
    "StrictChoiceField",
    "StrictDateField",
    "StrictDateTimeField",
    "StrictDecimalField",
    "StrictFloatField",
    "StrictIntegerField",
    "StrictSerializer",
    "StrictUUIDField",
    "validated_query",
]

REQUIRED = "Field required"
EXTRA_FORBIDDEN = "Extra inputs are not permitted"
UNKNOWN_PARAMETER = "Unknown query parameter."
# Unicode's White_Space characters: what pydantic strips in the FastAPI and Flask skeletons, so
# the same titles are stripped, kept and refused in all three. (Python's str.strip, which DRF
# uses, also drops U+001C..U+001F.) Spelled out because `\s` means another set in each regex
# dialect that reads the OpenAPI document.
WHITE_SPACE = "\t\n\v\f\r \u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"  # noqa: E501
WHITE_SPACE_CLASS = r"\t\n\v\f\r\u0020\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
NO_NUL_PATTERN = r"^[^\u0000]*$"
# A 64-bit column's integers.
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
# The document's patterns, as every forge skeleton writes them: digits are `[0-9]`, as `\d` is
# any script's digit in Python's `re`. The server matches them whole (`fullmatch`, without the
# anchors): Python's `$` also matches before a final newline, ECMA's does not.
# Decimals are strings, as JSON numbers lose exactness: NUMERIC(18, 2), 16 digits before the point.
DECIMAL_PATTERN = r"^-?[0-9]{1,16}(\.[0-9]{1,2})?$"
UUID_PATTERN = r"^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$"
DECIMAL = re.compile(DECIMAL_PATTERN[1:-1])
UUID_HYPHENATED = re.compile(UUID_PATTERN[1:-1])
# RFC 3339: a full date; a date-time with an offset (the date-time format of the document).
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
DATE_TIME = re.compile(
    r"(?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})[Tt](?P<time>[0-9]{2}:[0-9]{2}:[0-9]{2})"
    r"(?:\.(?P<fraction>[0-9]+))?(?P<offset>[Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])?"
)
# On the calendar's first and last days, a date-time's instant in UTC may fall outside it.
EDGE_DAYS = ("0001-01-01", "9999-12-31")


def stripped_length_pattern(max_length: int) -> str:
    """The document's word for "1 to max_length characters once stripped, and no NUL": a
    `maxLength` would count the white space that stripping drops."""
    spaces = f"[{WHITE_SPACE_CLASS}]*"
    edge = rf"[^{WHITE_SPACE_CLASS}\u0000]"
    middle = r"[^\u0000]{0," + str(max_length - 2) + "}"
    return f"^{spaces}{edge}(?:{middle}{edge})?{spaces}$"


class StrictSerializer(serializers.Serializer[Any]):
    """A body whose fields the server does not know is refused: client and server disagree.
    (It validates what a client sent: there is no instance to type.)"""

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, Mapping):
            return super().to_internal_value(data)
        writable = {name for name, field in self.fields.items() if not field.read_only}
        errors: dict[str, Any] = {}
        try:
            value = super().to_internal_value(data)
        except ValidationError as exc:
            errors = serializers.as_serializer_error(exc)
        for name in data:
            if name not in writable:
                errors[name] = [ErrorDetail(EXTRA_FORBIDDEN, code="extra_forbidden")]
        if errors:
            raise ValidationError(errors)
        return value


class StrictCharField(serializers.CharField):
    """A JSON string: a number or a boolean is an error, not a string to convert.

    Surrounding Unicode white space is stripped here rather than by DRF (`str.strip`), so that
    exactly the characters the other skeletons strip are stripped.
    """

    def __init__(self, **kwargs: Any) -> None:
        self.strip_white_space = kwargs.pop("trim_whitespace", True)
        super().__init__(trim_whitespace=False, **kwargs)

    def run_validation(self, data: Any = empty) -> Any:
        if isinstance(data, str) and self.strip_white_space:
            data = data.strip(WHITE_SPACE)
        return super().run_validation(data)

    # DRF merges these along the MRO: only the messages that differ from DRF's are here.
    default_error_messages: ClassVar[dict[str, StrOrPromise]] = {
        "required": REQUIRED,
        "null": "Input should be a valid string",
        "invalid": "Input should be a valid string",
        "blank": "String should have at least 1 character",
        "max_length": "String should have at most {max_length} characters",
        "min_length": "String should have at least {min_length} characters",
        "nul": "must not contain the NUL character",
        "surrogate": "Input should be a valid string, unable to parse raw data as a unicode string",
    }

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        # Checked before DRF's own validators, to word the errors alike. PostgreSQL cannot
        # store NUL; refusing it on every database keeps them alike.
        if "\x00" in data:
            self.fail("nul")
        if any("\ud800" <= character <= "\udfff" for character in data):
            self.fail("surrogate")
        return super().to_internal_value(data)

    def document(self, schema: dict[str, Any]) -> None:
        """Tell this field's rules in its OpenAPI `schema`, as the other skeletons do."""
        if self.allow_blank or not self.strip_white_space or self.max_length is None:
            schema["pattern"] = NO_NUL_PATTERN
            return
        schema.pop("maxLength", None)
        schema["minLength"] = 1
        schema["pattern"] = stripped_length_pattern(self.max_length)


class StrictBooleanField(serializers.BooleanField):
    """A JSON boolean: `"yes"`, `1` and `"true"` are errors."""

    default_error_messages: ClassVar[dict[str, StrOrPromise]] = {
        "required": REQUIRED,
        "null": "Input should be a valid boolean",
        "invalid": "Input should be a valid boolean",
    }

    def to_internal_value(self, data: Any) -> bool:
        if not isinstance(data, bool):
            self.fail("invalid")
        return data


@extend_schema_field({"type": "integer", "format": "int64"})
class StrictIntegerField(serializers.IntegerField):
    """A JSON integer in a 64-bit column's range: `"1"`, `1.5` and `true` are errors. A whole
    number written `1.0` is an integer, as JSON Schema counts it (and the other skeletons).

    The range is the document's `int64` format, as in every forge skeleton, not a `minimum`
    and `maximum`: it is checked here rather than by validators, which the document would list.
    Bounds passed as `min_value` and `max_value` are validators, and documented.
    """

    default_error_messages: ClassVar[dict[str, StrOrPromise]] = {
        "required": REQUIRED,
        "null": "Input should be a valid integer",
        "invalid": "Input should be a valid integer",
        "max_value": "Input should be less than or equal to {max_value}",
        "min_value": "Input should be greater than or equal to {min_value}",
    }

    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, float) and data.is_integer():
            data = int(data)
        if not isinstance(data, int) or isinstance(data, bool):
            self.fail("invalid")
        number: int = data
        if number < INT64_MIN:
            self.fail("min_value", min_value=INT64_MIN)
        if number > INT64_MAX:
            self.fail("max_value", max_value=INT64_MAX)
        return number


class StrictChoiceField(serializers.ChoiceField):
    """One of the strings `choices` (an enum): another string, a number or (unless null is
    allowed) null is an error, worded as pydantic words a literal: `Input should be 'draft' or
    'published'`. The document lists the values inline, as every forge skeleton does."""

    default_error_messages: ClassVar[dict[str, StrOrPromise]] = {
        "required": REQUIRED,
        "null": "Input should be {expected}",
        "invalid_choice": "Input should be {expected}",
    }

    def __init__(self, *, choices: Sequence[str], **kwargs: Any) -> None:
        super().__init__(choices=choices, **kwargs)
        quoted = [f"'{choice}'" for choice in choices]
        self.expected = " or ".join([", ".join(quoted[:-1]), quoted[-1]] if quoted[:-1] else quoted)

    def fail(self, key: str, **kwargs: Any) -> NoReturn:
        super().fail(key, expected=self.expected, **kwargs)

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str) or data not in self.choices:
            self.fail("invalid_choice")
        return data


class StrictFloatField(serializers.FloatField):
    """A JSON number, integers included, that a double holds: `true` and `"1.5"` are errors,
    and so are NaN and infinities (JSON has none; Python's parser reads them)."""

    default_error_messages: ClassVar[dict[str, StrOrPromise]] = {
        "required": REQUIRED,
        "null": "Input should be a valid number",
        "invalid": "Input should be a valid number",
        "finite": "Input should be a finite number",
    }

    def to_internal_value(self, data: Any) -> float:
        if not isinstance(data, int | float) or isinstance(data, bool):
            self.fail("invalid")
        try:
            value = float(data)
        except OverflowError:  # an integer beyond a double's range
            self.fail("finite")
        if not math.isfinite(value):
            self.fail("finite")
        return value


@extend_schema_field({"type": "string", "pattern": DECIMAL_PATTERN})
class StrictDecimalField(serializers.DecimalField):
    """An exact decimal sent as a JSON string such as `"12.5"`: a JSON number is an error (it
    has lost exactness already). Answered with two decimals, `"12.50"`: answers use this field
    too, so that the document gives them the same pattern."""

    default_error_messages: ClassVar[dict[str, StrOrPromise]] = {
        "required": REQUIRED,
        "null": "Input should be a valid string",
        "invalid": "Input should be a valid string",
        "pattern": "String should match pattern '{pattern}'",
    }

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_digits=18, decimal_places=2, **kwargs)

    def validate_empty_values(self, data: Any) -> tuple[bool, Any]:
        # Field's own rules: DRF's DecimalField takes "" (and white space) for null.
        return serializers.Field.validate_empty_values(self, data)

    def to_internal_value(self, data: Any) -> Decimal:
        if not isinstance(data, str):
            self.fail("invalid")
        if not DECIMAL.fullmatch(data):
            self.fail("pattern", pattern=DECIMAL_PATTERN)
        return Decimal(data)


class StrictDateField(serializers.DateField):
    """A JSON string `YYYY-MM-DD` naming a real day: `"2026-02-30"` and `"2026-1-5"` are errors."""

    default_error_messages: ClassVar[dict[str, StrOrPromise]] = {
        "required": REQUIRED,
        "null": "Input should be a valid date",
        "invalid": "Input should be a valid date in the format YYYY-MM-DD",
    }

    def to_internal_value(self, data: Any) -> date:
        if not isinstance(data, str) or not DATE.fullmatch(data):
            self.fail("invalid")
        try:
            return date.fromisoformat(data)
        except ValueError:
            self.fail("invalid")


@extend_schema_field(
    {"type": "string", "format": "date-time", "pattern": "^(?!" + "|".join(EDGE_DAYS) + ")"}
)
class StrictDateTimeField(serializers.DateTimeField):
    """An RFC 3339 date-time with an offset, `"2026-11-21T09:30:00+01:00"`, kept in UTC (and
    answered in UTC, as `created_at` is). One without an offset names no instant: an error.
    So is one on the calendar's first or last day (0001-01-01T00:00:00+01:00 is in year 0 in
    UTC), as the document's pattern says in every forge skeleton."""

    default_error_messages: ClassVar[dict[str, StrOrPromise]] = {
        "required": REQUIRED,
        "null": "Input should be a valid datetime",
        "invalid": "Input should be a valid datetime in RFC 3339 format",
        "naive": "Input should have timezone info",
        "range": "Input should be a datetime between 0001-01-02 and 9999-12-30",
    }

    def to_internal_value(self, data: Any) -> datetime:
        match = DATE_TIME.fullmatch(data) if isinstance(data, str) else None
        if match is None:
            self.fail("invalid")
        if match["offset"] is None:
            self.fail("naive")
        if match["date"] in EDGE_DAYS:
            self.fail("range")
        # Microseconds are all a datetime keeps: further digits are dropped.
        fraction = f".{match['fraction'][:6]:0<6}" if match["fraction"] else ""
        offset = "+00:00" if match["offset"] in {"Z", "z"} else match["offset"]
        try:
            value = datetime.fromisoformat(f"{match['date']}T{match['time']}{fraction}{offset}")
        except ValueError:  # no such day, hour, minute or second (leap seconds included)
            self.fail("invalid")
        return value.astimezone(UTC)


@extend_schema_field({"type": "string", "format": "uuid", "pattern": UUID_PATTERN})
class StrictUUIDField(serializers.UUIDField):
    """A UUID as a JSON string in its hyphenated form, either case; answered in lower case
    (answers use this field too, so that the document gives them the same pattern)."""

    default_error_messages: ClassVar[dict[str, StrOrPromise]] = {
        "required": REQUIRED,
        "null": "Input should be a valid UUID",
        "invalid": "Input should be a valid UUID in the hyphenated form",
    }

    def to_internal_value(self, data: Any) -> UUID:
        if not isinstance(data, str) or not UUID_HYPHENATED.fullmatch(data):
            self.fail("invalid")
        return UUID(data)


@extend_schema_field(OpenApiTypes.NUMBER)
class NumberField(serializers.FloatField):
    """A float in an answer: a JSON number, which the document leaves without a format there,
    as every forge skeleton does (requests say `double`: StrictFloatField)."""


class QueryField(serializers.Field[Any, Any, Any, Any]):
    """A query parameter: only its absence means "the default"; `?page=` is an invalid page."""

    def get_value(self, dictionary: Mapping[Any, Any]) -> Any:
        return dictionary.get(self.field_name, empty)


class QueryIntegerField(QueryField, serializers.IntegerField):
    # Python's own limit on the digits of an int: a page number that long is a page past the
    # end, not an error (DRF stops at 1000).
    MAX_STRING_LENGTH = 4300
    default_error_messages: ClassVar[dict[str, StrOrPromise]] = {
        "invalid": "Input should be a valid integer, unable to parse string as an integer",
        "max_string_length": "Unable to parse input string as an integer, exceeded maximum size",
        "min_value": "Input should be greater than or equal to {min_value}",
        "max_value": "Input should be less than or equal to {max_value}",
    }

    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, str) and not data.isascii():  # int() would read other digits too
            self.fail("invalid")
        number: int = super().to_internal_value(data)
        return number


@extend_schema_field({"type": "integer", "format": "int64"})
class QueryIdField(QueryIntegerField):
    """An id to filter by (`?author_id=`): an integer in a 64-bit column's range, documented and
    refused as a body's StrictIntegerField is."""

    def to_internal_value(self, data: Any) -> int:
        number = super().to_internal_value(data)
        if number < INT64_MIN:
            self.fail("min_value", min_value=INT64_MIN)
        if number > INT64_MAX:
            self.fail("max_value", max_value=INT64_MAX)
        return number


class QueryChoiceField(QueryField, StrictChoiceField):
    """One of the strings `choices`, to filter by (`?status=draft`)."""


@extend_schema_field(OpenApiTypes.BOOL)
class QueryBooleanField(QueryField):
    """`true` or `false`, the JSON spellings, and nothing else (no `1`, `yes` or `True`)."""

    default_error_messages: ClassVar[dict[str, StrOrPromise]] = {
        "invalid": "Input should be 'true' or 'false'"
    }

    def to_internal_value(self, data: object) -> bool:
        if data not in {"true", "false"}:
            self.fail("invalid")
        return data == "true"

    def to_representation(self, value: bool) -> bool:
        return value


def validated_query(serializer_class: type[serializers.Serializer[Any]], request: Request) -> Any:
    """The query parameters `serializer_class` describes, or a 422 naming each bad one. A name
    it does not describe is one of them: a misspelt filter must not answer the whole list."""
    serializer = _query_reader(serializer_class)
    errors: dict[str, Any] = {}
    try:
        value = serializer.run_validation(request.query_params)
    except ValidationError as exc:
        errors = serializers.as_serializer_error(exc)
    for name in request.query_params:
        if name not in serializer.fields:
            errors[name] = [ErrorDetail(UNKNOWN_PARAMETER, code="unknown_parameter")]
    if errors:
        raise QueryValidationError(errors)
    return value


@cache
def _query_reader(serializer_class: type[serializers.Serializer[Any]]) -> Any:
    """One instance of a query's serializer, made once and shared by every request (and
    thread): `run_validation` keeps nothing in the serializer or its fields, and making one
    per request (DRF copies every field of the class into each) costs more than reading the
    query. This is what `is_valid` runs, without the state it keeps."""
    return serializer_class()


class ProblemErrorSerializer(serializers.Serializer[Any]):
    pointer = serializers.CharField(required=False, help_text="JSON Pointer into the body.")
    parameter = serializers.CharField(required=False, help_text="Name of the query parameter.")
    detail = serializers.CharField()


class ProblemSerializer(serializers.Serializer[Any]):
    """RFC 9457 problem details, for the OpenAPI document."""

    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        # Declared here, not as a class attribute, which would hide the serializer's own
        # `errors` (its validation errors) from the type checker.
        return {
            **super().get_fields(),
            "errors": ProblemErrorSerializer(
                many=True, required=False, help_text="Present on 422 only."
            ),
        }
