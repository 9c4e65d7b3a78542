"""Domain errors raised by services; they know nothing of HTTP, the handlers map them."""
{% if cookiecutter.auth == "jwt" %}
__all__ = [
    "DomainError",
    "EmailTakenError",
    "InvalidCredentialsError",
    "InvalidRefreshTokenError",
    "LoginThrottledError",
    "NotFoundError",
    "PasswordIsEmailError",
    "RegistrationClosedError",
    "UnknownReferencesError",
    "WrongPasswordError",
]
{%- else %}
__all__ = ["DomainError", "NotFoundError", "UnknownReferencesError"]
{%- endif %}


class DomainError(Exception):
    """Root of the errors a service raises on purpose."""


class NotFoundError(DomainError):
    """Raised when the entity asked for does not exist (or its id cannot exist)."""

    def __init__(self, entity: str, entity_id: object) -> None:
        self.entity = entity
        self.entity_id = entity_id
        super().__init__(f"{entity} {entity_id} was not found.")


class UnknownReferencesError(DomainError):
    """Ids sent for other rows that name none (or none the user may refer to): each field's
    JSON name and what to say of it, in the order of the fields."""

    def __init__(self, details: dict[str, str]) -> None:
        self.details = details
        super().__init__(", ".join(details))
{%- if cookiecutter.auth == "jwt" %}


class EmailTakenError(DomainError):
    """Another account has this address."""


class RegistrationClosedError(DomainError):
    """ALLOW_REGISTRATION is off: accounts are made with `flask createsuperuser` only."""


class InvalidCredentialsError(DomainError):
    """A login with a wrong address or password, or an inactive account's: which of the three
    is never said."""


class LoginThrottledError(DomainError):
    """Too many failed logins for one address; the next may come in `retry_after` seconds."""

    def __init__(self, retry_after: int) -> None:
        self.retry_after = retry_after
        super().__init__(f"Try again in {retry_after} seconds.")


class InvalidRefreshTokenError(DomainError):
    """A refresh token that is unknown, spent, revoked or expired, or whose user is gone."""


class WrongPasswordError(DomainError):
    """The current password given to change it is not the account's."""


class PasswordIsEmailError(DomainError):
    """A new password equal to the account's address; `field` is the body's member."""

    def __init__(self, field: str) -> None:
        self.field = field
        super().__init__(field)
{%- endif %}
