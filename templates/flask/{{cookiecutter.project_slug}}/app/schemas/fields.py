"""The JSON types a resource's fields may have, checked as the contract says in every resource.

APIFlask validates a parsed JSON body in pydantic's python mode, where strict mode refuses the
strings that carry decimals, dates, date-times and UUIDs. The types below parse those strings
themselves and refuse anything else JSON can hold (a number, a boolean). JSON never yields a
Decimal, date or UUID object, so the same types also accept those, as read from the database,
and describe the responses.
"""

import re
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Annotated, Any
from uuid import UUID

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    GetJsonSchemaHandler,
    PlainSerializer,
    StringConstraints,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

from app.models.base import SHORT_TEXT_MAX_LENGTH

__all__ = [
    "INT64_MAX",
    "INT64_MIN",
    "DateString",
    "DateTimeString",
    "DecimalString",
    "Float64",
    "Int64",
    "ShortText",
    "Text",
    "UUIDString",
    "no_nul",
    "stripped_text_pattern",
]

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1

# Unicode's White_Space characters, those pydantic's `strip_whitespace` drops. Spelled out in
# patterns because `\s` means another set in each regex dialect (ECMA-262, Python's, Rust's);
# digits are `[0-9]` for the same reason (Python's `\d` matches every script's digits).
WHITE_SPACE = r"\t\n\v\f\r\u0020\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
DECIMAL_PATTERN = r"^-?[0-9]{1,16}(\.[0-9]{1,2})?$"
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
UUID_PATTERN = r"^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$"
DATETIME = re.compile(
    r"(?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})[Tt]"
    r"(?P<hour>[0-9]{2}):(?P<minute>[0-9]{2}):(?P<second>[0-9]{2})(?:\.(?P<fraction>[0-9]+))?"
    r"(?:(?P<utc>[Zz])|(?P<sign>[+-])(?P<offset_hours>[0-9]{2}):(?P<offset_minutes>[0-9]{2}))"
)
# On the calendar's first and last days, a date-time's instant in UTC may fall outside it.
EDGE_DAYS = ("0001-01-01", "9999-12-31")
CENTS = Decimal("0.01")


def no_nul(value: str) -> str:
    # PostgreSQL cannot store U+0000 in text; refusing it everywhere keeps databases alike.
    if "\x00" in value:
        # Not ValueError, whose message pydantic would prefix with "Value error, ".
        raise PydanticCustomError("string_nul", "must not contain the NUL character")
    return value


def stripped_text_pattern(max_length: int) -> str:
    """Between optional white space, 1 to `max_length` characters that start and end with
    something else, and no NUL anywhere. A `maxLength` would count the white space that
    stripping drops, so the pattern says it instead."""
    spaces = f"[{WHITE_SPACE}]*"
    edge = rf"[^{WHITE_SPACE}\u0000]"
    middle = r"[^\u0000]{0," + str(max_length - 2) + "}"
    return f"^{spaces}{edge}(?:{middle}{edge})?{spaces}$"


class _Documented:
    """Sets keys of a type's JSON Schema, wherever the type is used (also inside `| None`);
    `requests` only in the schema of request bodies."""

    def __init__(
        self, *, drop: tuple[str, ...] = (), requests: dict[str, Any] | None = None, **keys: Any
    ) -> None:
        self.drop = drop
        self.requests = requests or {}
        self.keys = keys

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema = handler(schema)
        for key in self.drop:
            json_schema.pop(key, None)
        json_schema.update(self.keys)
        if handler.mode == "validation":
            json_schema.update(self.requests)
        return json_schema


def _string(value: object, expected: str) -> str:
    if not isinstance(value, str):
        raise PydanticCustomError(
            "string_type", "Input should be a string, {expected}", {"expected": expected}
        )
    return value


def _decimal(value: object) -> Decimal:
    if isinstance(value, Decimal):
        return value
    text = _string(value, 'such as "12.50"')
    if not re.fullmatch(DECIMAL_PATTERN[1:-1], text):
        raise PydanticCustomError(
            "decimal_format",
            "Input should be a decimal number of up to 16 digits before the point and 2 after,"
            ' such as "12.50"',
        )
    # `-0` is zero: stored and returned as "0.00", as PostgreSQL's NUMERIC does.
    return Decimal(text).quantize(CENTS) + 0


def _two_decimals(value: Decimal) -> str:
    return f"{value:.2f}"


def _date(value: object) -> date:
    if type(value) is date:
        return value
    text = _string(value, 'such as "2026-11-21"')
    try:
        if not re.fullmatch(DATE_PATTERN[1:-1], text):
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise PydanticCustomError(
            "date_format", 'Input should be a valid date, YYYY-MM-DD, such as "2026-11-21"'
        ) from None


def _datetime(value: object) -> datetime:
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC)
    text = _string(value, 'such as "2026-11-21T09:30:00Z"')
    match = DATETIME.fullmatch(text)
    try:
        if match is None or match["date"] in EDGE_DAYS:
            raise ValueError(text)
        return _utc(match)
    except (ValueError, OverflowError):
        raise PydanticCustomError(
            "datetime_format",
            "Input should be a date and time with an offset (RFC 3339),"
            ' such as "2026-11-21T09:30:00Z"',
        ) from None


def _utc(match: re.Match[str]) -> datetime:
    offset = timedelta(0)
    if not match["utc"]:
        hours, minutes = int(match["offset_hours"]), int(match["offset_minutes"])
        if minutes > 59:
            raise ValueError(match["offset_minutes"])
        offset = timedelta(hours=hours, minutes=minutes) * (-1 if match["sign"] == "-" else 1)
    day = date.fromisoformat(match["date"])
    microsecond = int((match["fraction"] or "0")[:6].ljust(6, "0"))
    local = datetime(
        day.year,
        day.month,
        day.day,
        int(match["hour"]),
        int(match["minute"]),
        int(match["second"]),
        microsecond,
        tzinfo=timezone(offset),
    )
    return local.astimezone(UTC)


def _uuid(value: object) -> UUID:
    if isinstance(value, UUID):
        return value
    text = _string(value, 'such as "0b6e7a52-5c1d-4e0b-9a3e-7f1c2d3e4f50"')
    if not re.fullmatch(UUID_PATTERN[1:-1], text):
        raise PydanticCustomError(
            "uuid_format",
            "Input should be a UUID in the hyphenated form,"
            ' such as "0b6e7a52-5c1d-4e0b-9a3e-7f1c2d3e4f50"',
        )
    return UUID(text)


# `str`: stripped of surrounding white space, then 1 to 200 characters, without NUL.
ShortText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=SHORT_TEXT_MAX_LENGTH),
    AfterValidator(no_nul),
    _Documented(
        drop=("maxLength",),
        pattern=stripped_text_pattern(SHORT_TEXT_MAX_LENGTH),
        description=(
            f"1 to {SHORT_TEXT_MAX_LENGTH} characters once surrounding white space is stripped,"
            " without NUL."
        ),
    ),
]


def whole_number(value: object) -> object:
    """`2.0` as 2; anything else as it is, for the strict validation that follows."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


# `text`: any length the body limit allows, kept exactly as sent, without NUL.
Text = Annotated[
    str,
    AfterValidator(no_nul),
    _Documented(pattern=r"^[^\u0000]*$", description="Text of any length, without NUL."),
]
# `int`: a JSON integer that fits a 64-bit column. A whole number written `2.0` is one too, as
# JSON Schema (and so the OpenAPI 3.1 document) counts it; `2.5` is not. Documented by its
# format: FastAPI's OpenAPI models hold `minimum` and `maximum` as floats, and 2**63 - 1 is no
# float.
Int64 = Annotated[
    int,
    Field(ge=INT64_MIN, le=INT64_MAX),
    BeforeValidator(whole_number),
    _Documented(
        drop=("minimum", "maximum"),
        format="int64",
        description="A whole number, from -2^63 to 2^63 - 1.",
    ),
]
# `float`: a JSON number; what JSON cannot carry (NaN, Infinity) is refused.
Float64 = Annotated[
    float,
    Field(allow_inf_nan=False),
    _Documented(format="double", description="A number (64-bit floating point)."),
]
# `decimal`: a string, so no digit is lost on the way; returned with exactly two decimals.
DecimalString = Annotated[
    Decimal,
    BeforeValidator(_decimal),
    PlainSerializer(_two_decimals, return_type=str, when_used="json"),
    _Documented(
        type="string",
        pattern=DECIMAL_PATTERN,
        description=(
            "An exact decimal number, as a string: up to 16 digits before the point and 2 after."
            " Returned with exactly 2 decimals."
        ),
        drop=("anyOf",),
    ),
]
# `date`: "YYYY-MM-DD", a real calendar date.
DateString = Annotated[
    date,
    BeforeValidator(_date),
    _Documented(description='A calendar date, "YYYY-MM-DD".'),
]
# `datetime`: RFC 3339 with an offset; stored and returned in UTC.
DateTimeString = Annotated[
    datetime,
    BeforeValidator(_datetime),
    _Documented(
        description=(
            "A date and time with an offset (RFC 3339), not on 0001-01-01 or 9999-12-31;"
            " returned in UTC."
        ),
        requests={"pattern": "^(?!" + "|".join(EDGE_DAYS) + ")"},
    ),
]
# `uuid`: the hyphenated form, in any case; returned in lower case.
UUIDString = Annotated[
    UUID,
    BeforeValidator(_uuid),
    _Documented(
        pattern=UUID_PATTERN, description="A UUID in the hyphenated form; returned in lower case."
    ),
]
