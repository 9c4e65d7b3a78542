"""The field types resources are made of (app/schemas/fields.py): what each takes from a JSON
body, what it refuses, how it answers and how it is documented. Each resource's own tests check
its fields through its routes; these hold whatever resources the project has."""

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

import pytest
from pydantic import ValidationError

from app.schemas.base import RequestModel, ResponseModel
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

KEY = "0b6e7a52-3c1d-4e8f-9a2b-5c6d7e8f9a0b"
VALID = {
    "short": "Tea",
    "text": "",
    "whole": 3,
    "number": 2.5,
    "amount": "12.50",
    "day": "2026-11-21",
    "moment": "2026-11-21T09:30:00Z",
    "key": KEY,
}


class Everything(RequestModel):
    short: ShortText
    maybe: ShortText | None = None
    text: Text
    whole: Int64
    number: Float64
    amount: DecimalString
    day: DateString
    moment: DateTimeString
    key: UUIDString


class EverythingOut(ResponseModel):
    amount: DecimalString
    day: DateString
    moment: DateTimeString
    key: UUIDString


def taken(name: str, value: Any) -> Any:
    """The value as a body holding it is validated: from parsed JSON, as APIFlask does."""
    return getattr(Everything.model_validate({**VALID, name: value}), name)


@pytest.mark.parametrize(
    ("name", "sent", "value"),
    [
        ("short", "  Tea\u3000", "Tea"),
        ("text", " kept \n", " kept \n"),
        ("whole", -3.0, -3),
        ("whole", 2**63 - 1, 2**63 - 1),
        ("number", -3, -3.0),
        ("amount", "-0", Decimal("0.00")),
        ("amount", "12.5", Decimal("12.50")),
        ("amount", "-9999999999999999.99", Decimal("-9999999999999999.99")),
        ("day", "2024-02-29", date(2024, 2, 29)),
        ("moment", "2026-11-21T10:30:00.25+01:00", datetime(2026, 11, 21, 9, 30, 0, 250000, UTC)),
        ("moment", "2026-11-21t23:30:00-05:00", datetime(2026, 11, 22, 4, 30, tzinfo=UTC)),
        ("key", KEY.upper(), UUID(KEY)),
    ],
)
def test_each_type_takes_its_json_form(name: str, sent: Any, value: Any) -> None:
    assert taken(name, sent) == value


@pytest.mark.parametrize(
    ("name", "sent"),
    [
        ("short", ""),
        ("short", " \t "),
        ("short", "x" * 201),
        ("short", "a\u0000b"),
        ("text", "a\u0000b"),
        ("text", 5),
        ("whole", 1.5),
        ("whole", "1"),
        ("whole", 2**63),
        ("number", float("nan")),
        ("number", "1.5"),
        ("amount", 12.5),
        ("amount", "12.345"),
        ("amount", "1e3"),
        ("day", "2026-02-30"),
        ("day", "20261121"),
        ("day", 20261121),
        ("moment", "2026-11-21T09:30:00"),
        ("moment", "2026-11-21T09:30:00+01:60"),
        ("moment", "2026-11-21T25:00:00Z"),
        ("moment", "0001-01-01T00:00:00+01:00"),
        ("moment", 1763717400),
        ("key", "0b6e7a523c1d4e8f9a2b5c6d7e8f9a0b"),
        ("key", 123),
    ],
)
def test_each_type_refuses_other_forms(name: str, sent: Any) -> None:
    with pytest.raises(ValidationError) as refused:
        taken(name, sent)

    [error] = refused.value.errors()
    assert error["loc"] == (name,)
    assert not error["msg"].startswith("Value error, ")


def test_values_from_the_database_answer_in_their_json_form() -> None:
    stored = {
        "amount": Decimal("-3"),
        "day": date(2026, 11, 21),
        "moment": datetime(2026, 11, 21, 10, 30, tzinfo=UTC),
        "key": UUID(KEY.upper()),
    }

    answer = EverythingOut.model_validate(stored).model_dump(mode="json")

    assert answer == {
        "amount": "-3.00",
        "day": "2026-11-21",
        "moment": "2026-11-21T10:30:00Z",
        "key": KEY,
    }


def test_the_types_document_their_forms() -> None:
    request = Everything.model_json_schema()["properties"]
    response = EverythingOut.model_json_schema(mode="serialization")["properties"]

    assert "maxLength" not in request["short"]
    # Optional: its type says `null`, and no `"default": null` repeats it.
    assert {"type": "null"} in request["maybe"]["anyOf"]
    assert "default" not in request["maybe"]
    assert request["whole"]["format"] == "int64"
    assert "maximum" not in request["whole"]
    assert request["amount"]["type"] == "string"
    assert "anyOf" not in request["amount"]
    # Only a request's date-time keeps off the calendar's edge days.
    assert request["moment"]["pattern"] == "^(?!0001-01-01|9999-12-31)"
    assert "pattern" not in response["moment"]
    assert response["key"]["pattern"] == request["key"]["pattern"]
