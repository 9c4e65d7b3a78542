"""ORM models, one module per table. Importing this package imports every one of them, so that
Alembic's autogenerate and the tests see the whole schema on `Base.metadata`."""

# The modules are imported for the tables they define, not for their names: pyproject.toml
# keeps ruff from calling them unused.
from app.models import task
from app.models.base import Base

__all__ = ["Base"]
