"""The documented shape of problem+json bodies, for the OpenAPI document."""

from pydantic import MISSING, BaseModel, Field

__all__ = ["Problem", "ProblemError"]


# Members that do not apply are left out of a problem, never null: MISSING says so, without the
# `null` type and default that `| None = None` would document.
class ProblemError(BaseModel):
    pointer: str | MISSING = Field(default=MISSING, description="JSON Pointer into the body.")
    parameter: str | MISSING = Field(default=MISSING, description="Name of the query parameter.")
    detail: str


class Problem(BaseModel):
    """RFC 9457 problem details."""

    type: str = Field(examples=["about:blank"])
    title: str = Field(examples=["Unprocessable Content"])
    status: int = Field(examples=[422])
    detail: str = Field(examples=["The request did not validate."])
    errors: list[ProblemError] | MISSING = Field(
        default=MISSING,
        description="Present on 422 only.",
        examples=[[{"pointer": "#/title", "detail": "String should have at least 1 character"}]],
    )
