"""The ASGI application, for an ASGI server; production uses WSGI (config.wsgi) with gunicorn."""

from django.core.asgi import get_asgi_application

from config.env import use_environment

use_environment()

application = get_asgi_application()
