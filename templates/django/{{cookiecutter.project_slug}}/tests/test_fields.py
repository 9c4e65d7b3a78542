"""The fields resources are made of: the strict request fields (app.api.serializers), what each
accepts, refuses and in which words, and the model field that keeps decimals exact
(app.core.fields). A resource's own tests (`forge add-endpoint`) try them again over HTTP."""

import math
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

import pytest
from django.db import connection
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from app.api.serializers import (
    DECIMAL_PATTERN,
    NO_NUL_PATTERN,
    QueryBooleanField,
    StrictCharField,
    StrictDateField,
    StrictDateTimeField,
    StrictDecimalField,
    StrictFloatField,
    StrictIntegerField,
    StrictSerializer,
    StrictUUIDField,
)
from app.core.fields import ExactDecimalField

Field = serializers.Field[Any, Any, Any, Any]
UUID_TEXT = "0b6e7a52-2f0c-4b7e-9d3a-5f1c8e2a4d61"
NOT_AN_INTEGER = "Input should be a valid integer"
NOT_A_NUMBER = "Input should be a valid number"
NOT_FINITE = "Input should be a finite number"
NOT_A_DATE = "Input should be a valid date in the format YYYY-MM-DD"
NOT_A_DATE_TIME = "Input should be a valid datetime in RFC 3339 format"
NOT_A_UUID = "Input should be a valid UUID in the hyphenated form"


@pytest.mark.parametrize(
    ("field", "sent", "kept"),
    [
        pytest.param(StrictIntegerField(), 42, 42, id="int"),
        pytest.param(StrictIntegerField(), -3.0, -3, id="int-written-as-a-float"),
        pytest.param(StrictIntegerField(), 2**63 - 1, 2**63 - 1, id="int-largest"),
        pytest.param(StrictFloatField(), 3, 3.0, id="float-from-an-integer"),
        pytest.param(StrictFloatField(), -1.5e300, -1.5e300, id="float"),
        pytest.param(StrictDecimalField(), "12.5", Decimal("12.5"), id="decimal"),
        pytest.param(StrictDecimalField(), "-3", Decimal(-3), id="decimal-whole"),
        pytest.param(StrictDateField(), "2024-02-29", date(2024, 2, 29), id="date"),
        pytest.param(
            StrictDateTimeField(),
            "2026-11-21T09:30:00+01:00",
            datetime(2026, 11, 21, 8, 30, tzinfo=UTC),
            id="date-time-to-utc",
        ),
        pytest.param(
            StrictDateTimeField(),
            "2026-11-21t09:30:00.1234567z",
            datetime(2026, 11, 21, 9, 30, 0, 123456, tzinfo=UTC),
            id="date-time-lower-case-microseconds",
        ),
        pytest.param(StrictUUIDField(), UUID_TEXT.upper(), UUID(UUID_TEXT), id="uuid"),
    ],
)
def test_accepted(field: Field, sent: object, kept: object) -> None:
    value = field.run_validation(sent)

    assert (value, type(value)) == (kept, type(kept))


@pytest.mark.parametrize(
    ("field", "sent", "message"),
    [
        pytest.param(StrictCharField(), 5, "Input should be a valid string", id="str-number"),
        pytest.param(
            StrictCharField(),
            "\ud800",
            "Input should be a valid string, unable to parse raw data as a unicode string",
            id="str-lone-surrogate",
        ),
        pytest.param(StrictIntegerField(), None, NOT_AN_INTEGER, id="int-null"),
        pytest.param(StrictIntegerField(), "1", NOT_AN_INTEGER, id="int-string"),
        pytest.param(StrictIntegerField(), 1.5, NOT_AN_INTEGER, id="int-fraction"),
        pytest.param(StrictIntegerField(), True, NOT_AN_INTEGER, id="int-boolean"),
        pytest.param(
            StrictIntegerField(),
            2**63,
            f"Input should be less than or equal to {2**63 - 1}",
            id="int-too-large",
        ),
        pytest.param(
            StrictIntegerField(),
            -(2**63) - 1,
            f"Input should be greater than or equal to {-(2**63)}",
            id="int-too-small",
        ),
        pytest.param(StrictFloatField(), "1.5", NOT_A_NUMBER, id="float-string"),
        pytest.param(StrictFloatField(), True, NOT_A_NUMBER, id="float-boolean"),
        pytest.param(StrictFloatField(), 10**400, NOT_FINITE, id="float-too-large"),
        pytest.param(StrictFloatField(), math.nan, NOT_FINITE, id="float-nan"),
        pytest.param(StrictFloatField(), math.inf, NOT_FINITE, id="float-infinity"),
        pytest.param(
            StrictDecimalField(), 12.5, "Input should be a valid string", id="decimal-number"
        ),
        pytest.param(
            StrictDecimalField(),
            "12.555",
            f"String should match pattern '{DECIMAL_PATTERN}'",
            id="decimal-three-places",
        ),
        pytest.param(StrictDateField(), "2026-02-30", NOT_A_DATE, id="date-no-such-day"),
        pytest.param(StrictDateField(), "2026-1-5", NOT_A_DATE, id="date-short"),
        pytest.param(StrictDateField(), 20261121, NOT_A_DATE, id="date-number"),
        pytest.param(
            StrictDateTimeField(),
            "2026-11-21T09:30:00",
            "Input should have timezone info",
            id="date-time-naive",
        ),
        pytest.param(StrictDateTimeField(), "2026-11-21", NOT_A_DATE_TIME, id="date-time-date"),
        pytest.param(
            StrictDateTimeField(), "2026-11-21T24:00:00Z", NOT_A_DATE_TIME, id="date-time-hour-24"
        ),
        pytest.param(StrictDateTimeField(), 1795253400, NOT_A_DATE_TIME, id="date-time-number"),
        pytest.param(
            StrictDateTimeField(),
            "0001-01-01T00:00:00+01:00",
            "Input should be a datetime between 0001-01-02 and 9999-12-30",
            id="date-time-first-day",
        ),
        pytest.param(StrictUUIDField(), UUID_TEXT.replace("-", ""), NOT_A_UUID, id="uuid-hex"),
        pytest.param(StrictUUIDField(), 5, NOT_A_UUID, id="uuid-number"),
    ],
)
def test_refused(field: Field, sent: object, message: str) -> None:
    with pytest.raises(ValidationError) as refused:
        field.run_validation(sent)

    assert refused.value.detail == [message]


def test_answers_take_the_forms_requests_do() -> None:
    assert StrictDecimalField().to_representation(Decimal("12.5")) == "12.50"
    assert StrictUUIDField().to_representation(UUID(UUID_TEXT.upper())) == UUID_TEXT
    assert QueryBooleanField().to_representation(True) is True


def test_a_text_that_may_be_blank_is_documented_as_free_of_nul_alone() -> None:
    schema: dict[str, Any] = {}

    StrictCharField(allow_blank=True, trim_whitespace=False).document(schema)

    assert schema == {"pattern": NO_NUL_PATTERN}


def test_a_strict_serializer_refuses_what_is_not_an_object() -> None:
    class Named(StrictSerializer):
        name = StrictCharField()

    serializer = Named(data=["name"])

    assert not serializer.is_valid()
    assert list(serializer.errors) == ["non_field_errors"]


def test_exact_decimals_are_text_on_sqlite_and_numeric_elsewhere() -> None:
    field = ExactDecimalField(max_digits=18, decimal_places=2)
    column = field.db_type(connection)

    assert column == ("text" if connection.vendor == "sqlite" else "numeric(18, 2)")
    # Not "DecimalField", which Django's SQLite backend would read through a float.
    assert field.get_internal_type() == "ExactDecimalField"
    assert field.from_db_value("9999999999999999.99", None, connection) == Decimal(
        "9999999999999999.99"
    )
    assert field.from_db_value(None, None, connection) is None
