"""Domain errors raised by services; they know nothing of HTTP, the handlers map them."""

__all__ = ["DomainError", "NotFoundError"]


class DomainError(Exception):
    """Root of the errors a service raises on purpose."""


class NotFoundError(DomainError):
    """Raised when the entity asked for does not exist (or its id cannot exist)."""

    def __init__(self, entity: str, entity_id: object) -> None:
        self.entity = entity
        self.entity_id = entity_id
        super().__init__(f"{entity} {entity_id} was not found.")
