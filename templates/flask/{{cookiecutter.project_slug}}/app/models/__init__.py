"""ORM models, one module per table. Importing this package imports every one of them, so that
Alembic's autogenerate and the tests see the whole schema on `Base.metadata`."""
{% if cookiecutter.auth == "jwt" %}
from app.models import login_failure, refresh_token, task, user
{%- else %}
from app.models import task
{%- endif %}
from app.models.base import Base

__all__ = ["Base"]
