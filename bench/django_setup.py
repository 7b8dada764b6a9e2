"""Set up Django for a benchmark script run from the repository (python bench/…)."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup(debug="0"):
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "govcases.settings")
    os.environ.setdefault("DJANGO_DEBUG", debug)
    os.environ.setdefault(
        "DJANGO_SECRET_KEY", "bench-only-secret-key-long-enough-for-the-django-minimum"
    )
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
    import django

    django.setup()
