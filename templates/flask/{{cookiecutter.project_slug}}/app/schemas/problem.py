"""The documented shape of problem+json bodies, for the OpenAPI document."""

from pydantic import BaseModel, Field

__all__ = ["Problem", "ProblemError"]


class ProblemError(BaseModel):
    pointer: str | None = Field(default=None, description="JSON Pointer into the body.")
    parameter: str | None = Field(default=None, description="Name of the query parameter.")
    detail: str


class Problem(BaseModel):
    """RFC 9457 problem details."""

    type: str = Field(default="about:blank", examples=["about:blank"])
    title: str = Field(examples=["Unprocessable Content"])
    status: int = Field(examples=[422])
    detail: str = Field(examples=["The request did not validate."])
    errors: list[ProblemError] | None = Field(
        default=None,
        description="Present on 422 only.",
        examples=[[{"pointer": "#/title", "detail": "String should have at least 1 character"}]],
    )
