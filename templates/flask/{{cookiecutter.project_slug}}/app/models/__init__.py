"""ORM models. Import every model here so Alembic's autogenerate sees the whole schema."""

from app.models.base import Base
from app.models.task import Task

__all__ = ["Base", "Task"]
