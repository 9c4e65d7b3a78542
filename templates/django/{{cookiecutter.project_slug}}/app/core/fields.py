"""Model fields the apps share."""

from decimal import Decimal
from typing import Any, TypeVar

from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper

__all__ = ["ExactDecimalField"]

# What a model's attribute takes and gives: left open, as DecimalField leaves them, for the type
# checker's Django plugin to fill in (adding None for a field with null=True).
_ST = TypeVar("_ST", contravariant=True)
_GT = TypeVar("_GT", covariant=True)


class ExactDecimalField(models.DecimalField[_ST, _GT]):
    """A DecimalField that stays exact on SQLite too.

    SQLite has no decimal type: a NUMERIC column keeps 15 significant digits (as a double), and
    Django reads it back through a float, so "1234567890123456.78" would come back changed and
    "9999999999999999.99" not at all. On SQLite the value is kept as text (which SQLite then
    compares and sorts as text); on PostgreSQL the column is NUMERIC(max_digits, decimal_places).
    """

    def get_internal_type(self) -> str:
        # Not "DecimalField": Django's SQLite backend reads those through a float.
        return "ExactDecimalField"

    def db_type(self, connection: BaseDatabaseWrapper) -> str:
        if connection.vendor == "sqlite":
            return "text"
        return connection.data_types["DecimalField"] % self.db_type_parameters(connection)

    def from_db_value(
        self, value: Any, expression: Any, connection: BaseDatabaseWrapper
    ) -> Decimal | None:
        return None if value is None else self.to_python(value)
