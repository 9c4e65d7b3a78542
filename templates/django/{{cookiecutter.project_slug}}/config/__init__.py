"""Project configuration: settings, URLs and the WSGI and ASGI entry points."""
