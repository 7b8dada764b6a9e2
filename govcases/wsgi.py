"""WSGI entry point (gunicorn -c govcases/gunicorn.conf.py govcases.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "govcases.settings")

application = get_wsgi_application()

from govcases.startup import check_static_files_collected  # noqa: E402

check_static_files_collected()
