from django.apps import AppConfig


class UsersConfig(AppConfig):
    name = "app.users"
    label = "users"
{%- if cookiecutter.auth == "jwt" %}

    def ready(self) -> None:
        # drf-spectacular learns of the bearer scheme when its extension is defined.
        import app.users.schema  # noqa: F401
{%- endif %}
