"""{{ cookiecutter.project_name }}: {{ cookiecutter.description }}

`create_app()` is the application factory: `flask` finds it in this package, gunicorn calls it
(`app:create_app()`) in each worker after the fork, and importing the package has no side effects.
"""

__version__ = "{{ cookiecutter.version }}"

from app.factory import create_app

__all__ = ["__version__", "create_app"]
