from datetime import datetime

from sqlalchemy import {% if cookiecutter.auth == "jwt" %}ForeignKey, {% endif %}String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, IdType, UTCDateTime, utcnow

__all__ = ["TITLE_MAX_LENGTH", "Task"]

TITLE_MAX_LENGTH = 200


class Task(Base):
    __tablename__ = "tasks"

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    title: Mapped[str] = mapped_column(String(TITLE_MAX_LENGTH))
    done: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
{%- if cookiecutter.auth == "jwt" %}
    # The user who created it; only they (and superusers) reach it.
    owner_id: Mapped[int] = mapped_column(
        IdType, ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
{%- endif %}
