"""The field types request bodies share: each validates one JSON type strictly, says what it
turns into, and documents exactly what it accepts, the same way in every resource.

Bodies are validated in pydantic's strict mode (app.schemas.base), which takes a JSON value as
it is: the types that arrive as JSON strings (decimal, date, date-time, UUID) parse them here.
"""

import re
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Annotated, Any
from uuid import UUID

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    PlainSerializer,
    StringConstraints,
    WithJsonSchema,
)

from app.models.base import STR_MAX_LENGTH

__all__ = [
    "DECIMAL_PATTERN",
    "STRIPPED_PATTERN",
    "DateString",
    "DateTimeString",
    "DecimalOut",
    "DecimalString",
    "Float64",
    "FreeText",
    "Int64",
    "StrippedStr",
    "UUIDString",
    "no_nul",
]


def no_nul(value: str) -> str:
    # PostgreSQL cannot store U+0000 in text; refusing it everywhere keeps databases alike.
    if "\x00" in value:
        raise ValueError("must not contain the NUL character")
    return value


# Unicode's White_Space characters, those pydantic's `strip_whitespace` drops. Spelled out in the
# pattern because `\s` means another set in each regex dialect (ECMA-262, Python's, Rust's).
WHITE_SPACE = r"\t\n\v\f\r\u0020\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_SPACES = f"[{WHITE_SPACE}]*"
_EDGE = rf"[^{WHITE_SPACE}\u0000]"
_MIDDLE = r"[^\u0000]{0," + str(STR_MAX_LENGTH - 2) + "}"
# A short text's rules, for clients and fuzzers: between optional white space, 1 to
# STR_MAX_LENGTH characters that start and end with something else, and no NUL anywhere. A
# `maxLength` would count the white space that stripping drops, so the pattern says it instead.
STRIPPED_PATTERN = f"^{_SPACES}{_EDGE}(?:{_MIDDLE}{_EDGE})?{_SPACES}$"


def _document_stripped(schema: dict[str, Any]) -> None:
    schema.pop("maxLength", None)
    schema["pattern"] = STRIPPED_PATTERN


# A short text (a title, a name): stored with surrounding white space stripped.
StrippedStr = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=STR_MAX_LENGTH),
    AfterValidator(no_nul),
    Field(
        description=(
            f"1 to {STR_MAX_LENGTH} characters once surrounding white space is stripped,"
            " without NUL."
        ),
        json_schema_extra=_document_stripped,
    ),
]

# A text of any length, stored as sent.
FreeText = Annotated[
    str,
    AfterValidator(no_nul),
    Field(description="Text of any length, stored as sent, without NUL."),
]


def whole_number(value: object) -> object:
    """`2.0` as 2; anything else as it is, for the strict validation that follows."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


# The range of a 64-bit column. Bodies are strict, so "1" and true are no integers; a whole
# number written `1.0` is one, as JSON Schema (and so the OpenAPI 3.1 document) counts it.
Int64 = Annotated[
    int,
    Field(ge=-(2**63), le=2**63 - 1, description="A 64-bit integer."),
    BeforeValidator(whole_number),
]

# A double-precision number; JSON integers are numbers too. NaN and Infinity are no JSON.
Float64 = Annotated[float, Field(allow_inf_nan=False, description="A double-precision number.")]


def _string(value: object, expected: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"Input should be a string: {expected}")
    return value


DECIMAL_PATTERN = r"^-?\d{1,16}(\.\d{1,2})?$"
_DECIMAL = re.compile(DECIMAL_PATTERN)
_CENT = Decimal("0.01")


def _parse_decimal(value: object) -> Decimal:
    text = _string(value, 'a decimal number such as "12.50"')
    if not _DECIMAL.fullmatch(text):
        raise ValueError('Input should be a decimal number such as "12.50", at most 2 decimals')
    # Exactly two places, and no negative zero (PostgreSQL's NUMERIC has none).
    return Decimal(text).quantize(_CENT) + 0


def _two_places(value: Decimal) -> str:
    return f"{value:.2f}"


# An exact amount: a JSON string, since a JSON number may lose digits on the way. NUMERIC(18, 2).
DecimalString = Annotated[
    Decimal,
    BeforeValidator(_parse_decimal),
    PlainSerializer(_two_places, return_type=str, when_used="json"),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": DECIMAL_PATTERN,
            "description": 'An exact number as a string: up to 16 digits and 2 decimals, "12.50".',
        }
    ),
]

# How answers carry an amount: a string with exactly two decimals.
DecimalOut = Annotated[
    Decimal,
    PlainSerializer(_two_places, return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "pattern": r"^-?\d{1,16}\.\d{2}$"}),
]

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _parse_date(value: object) -> date:
    text = _string(value, 'a date such as "2026-11-21"')
    try:
        if _DATE.fullmatch(text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise ValueError('Input should be a valid date in the format "YYYY-MM-DD"')


# A calendar day, "2026-11-21".
DateString = Annotated[
    date, BeforeValidator(_parse_date), Field(description='A date, "YYYY-MM-DD".')
]

# RFC 3339: a date, a time and an offset ("Z" or "+01:00"); a date-time without one is ambiguous.
_DATE_TIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?"
    r"([Zz]|[+-][0-9]{2}:[0-9]{2})"
)


def _parse_date_time(value: object) -> datetime:
    text = _string(value, 'an RFC 3339 date-time such as "2026-11-21T09:30:00Z"')
    try:
        if _DATE_TIME.fullmatch(text):
            # Python 3.11 reads "Z" and any number of decimals; stored in UTC.
            return datetime.fromisoformat(text.upper()).astimezone(UTC)
    except (ValueError, OverflowError):
        pass
    raise ValueError(
        'Input should be an RFC 3339 date-time with an offset, such as "2026-11-21T09:30:00Z"'
    )


# An instant, "2026-11-21T09:30:00Z" or "2026-11-21T10:30:00+01:00"; answered in UTC.
DateTimeString = Annotated[
    datetime,
    BeforeValidator(_parse_date_time),
    Field(description="A date-time with an offset (RFC 3339), answered in UTC."),
]

_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


def _parse_uuid(value: object) -> UUID:
    text = _string(value, 'a UUID such as "0b6e7a52-3c1d-4e8f-9a2b-5c6d7e8f9a0b"')
    if not _UUID.fullmatch(text):
        raise ValueError("Input should be a UUID in its hyphenated form of 36 characters")
    return UUID(text)


# A UUID in its hyphenated form, any case; answered in lower case.
UUIDString = Annotated[
    UUID,
    BeforeValidator(_parse_uuid),
    Field(description="A UUID, hyphenated, in any case; answered in lower case."),
]
