from django.contrib.auth.models import AbstractUser

__all__ = ["User"]


class User(AbstractUser):
    """Django's user, as the project's own model from day one (AUTH_USER_MODEL): fields can be
    added later with an ordinary migration, which swapping the model later would not allow."""
