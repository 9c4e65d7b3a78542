{% if cookiecutter.auth == "jwt" -%}
"""Users, the refresh tokens they hold and the failed logins counted against an address.

The user is Django's, minus the username: people sign in with their email address, to the API
and to the admin alike. `date_joined` is when the account was made (the API's `created_at`).
"""

from typing import Any, ClassVar

from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

__all__ = [
    "EMAIL_MAX_LENGTH",
    "PASSWORD_MAX_LENGTH",
    "PASSWORD_MIN_LENGTH",
    "SAME_AS_EMAIL",
    "LoginFailure",
    "RefreshToken",
    "User",
    "normalize_email",
    "password_problem",
]

EMAIL_MAX_LENGTH = 254
PASSWORD_MIN_LENGTH = 8
PASSWORD_MAX_LENGTH = 128
SAME_AS_EMAIL = "Password should not be the email address"


def normalize_email(email: str) -> str:
    """An address as it is stored, looked up and counted: stripped and lower-cased."""
    return email.strip().lower()


def password_problem(password: str, email: str) -> str | None:
    """What is wrong with `password` as `email`'s new password, or None."""
    if len(password) < PASSWORD_MIN_LENGTH:
        return f"String should have at least {PASSWORD_MIN_LENGTH} characters"
    if len(password) > PASSWORD_MAX_LENGTH:
        return f"String should have at most {PASSWORD_MAX_LENGTH} characters"
    if password.lower() == normalize_email(email):
        return SAME_AS_EMAIL
    return None


class UserManager(BaseUserManager["User"]):
    """Users made by the email address (`createsuperuser` and the admin use it too)."""

    use_in_migrations = True

    def get_by_natural_key(self, username: str | None) -> "User":
        # The admin's sign-in form and `createsuperuser` look addresses up as typed.
        return self.get(email=normalize_email(username or ""))

    def create_user(self, email: str, password: str | None = None, **fields: Any) -> "User":
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **fields)

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> "User":
        fields.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **fields)

    def _create_user(self, email: str, password: str | None, **fields: Any) -> "User":
        email = normalize_email(email)
        if password is not None and (problem := password_problem(password, email)):
            raise ValidationError(problem)
        user = self.model(email=email, **fields)
        # No password: one nobody can sign in with.
        user.set_password(password)
        user.save(using=self._db)
        return user


class User(AbstractUser):
    """Django's user, signing in with an email address, as the project's own model from day
    one (AUTH_USER_MODEL): fields can be added later with an ordinary migration."""

    username = None  # type: ignore[assignment]
    email = models.EmailField("email address", max_length=EMAIL_MAX_LENGTH, unique=True)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    def __str__(self) -> str:
        return self.email


class RefreshToken(models.Model):
    """A refresh token, known only by its SHA-256: the token itself is never stored. Each
    login starts a family; each refresh spends one token and adds the next to its family."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="refresh_tokens")
    token_hash = models.CharField(max_length=64, unique=True)
    family = models.CharField(max_length=32, db_index=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"refresh token {self.pk} of user {self.user_id}"


class LoginFailure(models.Model):
    """A failed login for an address (as normalised): the throttle counts them."""

    email = models.CharField(max_length=EMAIL_MAX_LENGTH)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["email", "created_at"], name="login_failure_email_idx"),
            models.Index(fields=["created_at"], name="login_failure_created_idx"),
        ]

    def __str__(self) -> str:
        return f"failed login for {self.email}"
{% else -%}
from django.contrib.auth.models import AbstractUser

__all__ = ["User"]


class User(AbstractUser):
    """Django's user, as the project's own model from day one (AUTH_USER_MODEL): fields can be
    added later with an ordinary migration, which swapping the model later would not allow."""
{% endif -%}
