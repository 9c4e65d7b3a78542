"""The WSGI application gunicorn serves (`gunicorn -c gunicorn.conf.py`)."""

from django.core.wsgi import get_wsgi_application

from app.core.serving import ChunkedBodyMiddleware, HeadBodyMiddleware
from config.env import use_environment

use_environment()

application = HeadBodyMiddleware(ChunkedBodyMiddleware(get_wsgi_application()))
