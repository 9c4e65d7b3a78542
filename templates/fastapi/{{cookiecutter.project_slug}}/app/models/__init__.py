"""ORM models, one module per table. Importing this package imports every one of them, so that
Alembic's autogenerate and the tests see the whole schema on `Base.metadata`."""

# The modules are imported for the tables they define, not for their names: pyproject.toml
# keeps ruff from calling them unused.
{%- if cookiecutter.auth == "jwt" %}
from app.models import login_failure, refresh_token, task, user
{%- else %}
from app.models import task
{%- endif %}
from app.models.base import Base

__all__ = ["Base"]
