"""Domain errors raised by services and selectors; they know nothing of HTTP."""

from collections.abc import Mapping

__all__ = ["DomainError", "NotFoundError", "ReferenceNotFoundError"]


class DomainError(Exception):
    """Root of the errors a service or selector raises on purpose."""


class NotFoundError(DomainError):
    """Raised when the entity asked for does not exist (or its id cannot exist)."""

    def __init__(self, entity: str, entity_id: object) -> None:
        self.entity = entity
        self.entity_id = entity_id
        super().__init__(f"{entity} {entity_id} was not found.")


class ReferenceNotFoundError(DomainError):
    """Raised when a row would refer to rows of another resource that do not exist (or that the
    user may not see): `missing` names each such field and what it refers to, in field order,
    as in `{"author_id": "author"}`."""

    def __init__(self, missing: Mapping[str, str]) -> None:
        self.messages = {
            name: f"There is no {entity} with this id" for name, entity in missing.items()
        }
        super().__init__("; ".join(f"{name}: {text}" for name, text in self.messages.items()))
