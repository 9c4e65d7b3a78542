from typing import Any

from pydantic import BaseModel, ConfigDict, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

__all__ = ["QueryModel", "RequestModel", "ResponseModel"]


class RequestModel(BaseModel):
    """Bodies take JSON types as they are and refuse fields the server does not know."""

    model_config = ConfigDict(strict=True, extra="forbid")

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        # An optional field documents its `null` type, not `"default": null` as well: leaving
        # it out and sending null mean the same, and the contract's document says it once.
        schema: dict[str, Any] = handler.resolve_ref_schema(handler(core_schema))
        for field in schema.get("properties", {}).values():
            if "default" in field and field["default"] is None:
                del field["default"]
        return schema


class QueryModel(BaseModel):
    """Query parameters, as strings to convert; one the operation does not declare is an
    error, not silently ignored (a misspelt filter would otherwise list everything)."""

    model_config = ConfigDict(extra="forbid")


class ResponseModel(BaseModel):
    model_config = ConfigDict(from_attributes=True)
