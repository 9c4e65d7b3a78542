"""The field types of app/schemas/fields.py, which `forge add-endpoint` resources are made of,
checked as request bodies use them: strict, on values parsed from JSON. Each resource's own
tests send the same values over HTTP."""

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any
from uuid import UUID

import pytest
from pydantic import ConfigDict, TypeAdapter, ValidationError

from app.schemas.fields import (
    DateString,
    DateTimeString,
    DecimalString,
    Float64,
    Int64,
    ShortText,
    Text,
    UUIDString,
)

STRICT = ConfigDict(strict=True)
UUID_TEXT = "0b6e7a52-5c1d-4e0b-9a3e-7f1c2d3e4f50"


def adapter(kind: Any) -> TypeAdapter[Any]:
    return TypeAdapter(kind, config=STRICT)


@pytest.mark.parametrize(
    ("kind", "sent", "expected"),
    [
        pytest.param(ShortText, "\t x \u3000", "x", id="short-text-stripped"),
        pytest.param(Text, "  kept\n", "  kept\n", id="text-kept"),
        pytest.param(Int64, 2**63 - 1, 2**63 - 1, id="int-largest"),
        pytest.param(Int64, -3.0, -3, id="int-whole-float"),
        pytest.param(Float64, 1, 1.0, id="float-integer"),
        pytest.param(DecimalString, "12.5", Decimal("12.50"), id="decimal-string"),
        pytest.param(DecimalString, "-0.00", Decimal("0.00"), id="decimal-negative-zero"),
        pytest.param(DecimalString, Decimal("1.5"), Decimal("1.5"), id="decimal-from-database"),
        pytest.param(DateString, "2024-02-29", date(2024, 2, 29), id="date-leap-day"),
        pytest.param(DateString, date(2026, 11, 21), date(2026, 11, 21), id="date-from-database"),
        pytest.param(
            DateTimeString,
            "2026-11-21T23:30:00.25-02:00",
            datetime(2026, 11, 22, 1, 30, 0, 250000, tzinfo=UTC),
            id="datetime-offset",
        ),
        pytest.param(
            DateTimeString,
            "2026-11-21t09:30:00z",
            datetime(2026, 11, 21, 9, 30, tzinfo=UTC),
            id="datetime-lower-case",
        ),
        pytest.param(
            DateTimeString,
            datetime(2026, 11, 21, 10, 30, tzinfo=timezone(timedelta(hours=1))),
            datetime(2026, 11, 21, 9, 30, tzinfo=UTC),
            id="datetime-from-database",
        ),
        pytest.param(UUIDString, UUID_TEXT.upper(), UUID(UUID_TEXT), id="uuid-upper-case"),
        pytest.param(UUIDString, UUID(UUID_TEXT), UUID(UUID_TEXT), id="uuid-from-database"),
    ],
)
def test_accepted_values(kind: Any, sent: object, expected: object) -> None:
    assert adapter(kind).validate_python(sent) == expected


@pytest.mark.parametrize(
    ("kind", "sent", "error"),
    [
        pytest.param(ShortText, "   ", "string_too_short", id="short-text-blank"),
        pytest.param(ShortText, "a\x00b", "string_nul", id="short-text-nul"),
        pytest.param(Text, 5, "string_type", id="text-number"),
        pytest.param(Int64, 1.5, "int_type", id="int-fraction"),
        pytest.param(Int64, 2**63, "less_than_equal", id="int-too-large"),
        pytest.param(Float64, float("nan"), "finite_number", id="float-nan"),
        pytest.param(DecimalString, 12.5, "string_type", id="decimal-number"),
        pytest.param(DecimalString, "12.345", "decimal_format", id="decimal-three-places"),
        pytest.param(DecimalString, "1e3", "decimal_format", id="decimal-exponent"),
        pytest.param(DateString, "2026-02-30", "date_format", id="date-no-such-day"),
        pytest.param(DateString, "20261121", "date_format", id="date-compact"),
        pytest.param(DateTimeString, "2026-11-21T09:30:00", "datetime_format", id="no-offset"),
        pytest.param(DateTimeString, "2026-11-21T09:30:00+01:60", "datetime_format", id="minutes"),
        pytest.param(DateTimeString, "0001-01-01T12:00:00Z", "datetime_format", id="first-day"),
        pytest.param(DateTimeString, "2026-11-21T25:00:00Z", "datetime_format", id="no-hour"),
        pytest.param(DateTimeString, 1763717400, "string_type", id="datetime-number"),
        pytest.param(UUIDString, UUID_TEXT.replace("-", ""), "uuid_format", id="uuid-no-hyphens"),
        pytest.param(UUIDString, True, "string_type", id="uuid-boolean"),
    ],
)
def test_refused_values(kind: Any, sent: object, error: str) -> None:
    with pytest.raises(ValidationError) as refused:
        adapter(kind).validate_python(sent)

    assert [problem["type"] for problem in refused.value.errors()] == [error]
    # The message is the skeleton's own, without pydantic's "Value error, " prefix.
    assert not refused.value.errors()[0]["msg"].startswith("Value error")


def test_decimals_are_returned_as_strings_with_two_places() -> None:
    decimals = adapter(DecimalString)

    assert decimals.dump_python(Decimal("12.5"), mode="json") == "12.50"
    assert decimals.json_schema()["type"] == "string"


def test_requests_are_told_the_date_times_they_may_send() -> None:
    """The calendar's edge days are refused in requests; responses make no such promise."""
    datetimes = adapter(DateTimeString)

    assert "pattern" in datetimes.json_schema(mode="validation")
    assert "pattern" not in datetimes.json_schema(mode="serialization")
