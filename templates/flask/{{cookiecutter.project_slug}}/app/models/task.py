from datetime import datetime
{% if cookiecutter.auth == "jwt" %}
from sqlalchemy import ForeignKey, String
{%- else %}
from sqlalchemy import String
{%- endif %}
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import SHORT_TEXT_MAX_LENGTH, Base, IdType, UTCDateTime, utcnow

__all__ = ["TITLE_MAX_LENGTH", "Task"]

TITLE_MAX_LENGTH = SHORT_TEXT_MAX_LENGTH


class Task(Base):
    __tablename__ = "tasks"

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    title: Mapped[str] = mapped_column(String(TITLE_MAX_LENGTH))
    done: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
{%- if cookiecutter.auth == "jwt" %}
    # Whose task it is: only they (and superusers) see it.
    owner_id: Mapped[int] = mapped_column(
        IdType, ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
{%- endif %}
