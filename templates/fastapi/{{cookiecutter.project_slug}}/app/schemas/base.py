from pydantic import BaseModel, ConfigDict

__all__ = ["QueryModel", "RequestModel", "ResponseModel"]


class RequestModel(BaseModel):
    """Bodies take JSON types as they are and refuse fields the server does not know."""

    model_config = ConfigDict(strict=True, extra="forbid")


class QueryModel(BaseModel):
    """Query parameters, as strings to convert; one the operation does not declare is an
    error, not silently ignored (a misspelt filter would otherwise list everything)."""

    model_config = ConfigDict(extra="forbid")


class ResponseModel(BaseModel):
    model_config = ConfigDict(from_attributes=True)
