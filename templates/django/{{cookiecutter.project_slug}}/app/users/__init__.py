{% if cookiecutter.auth == "jwt" -%}
"""Users, signing in with their email address: registration, tokens, the admin's accounts."""
{% else -%}
"""The project's user model, for the admin today and for authentication when it comes."""
{% endif -%}
