"""WSGI entry point (gunicorn govcases.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "govcases.settings")

application = get_wsgi_application()
