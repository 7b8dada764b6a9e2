"""Checks at start-up of a production server: fail loudly, not with a 500 per page."""

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import ImproperlyConfigured


def check_static_files_collected():
    """With the manifest storage (debug off), pages need `collectstatic`'s manifest;
    without it every page would fail to render."""
    manifest = getattr(staticfiles_storage, "manifest_name", None)
    if settings.DEBUG or manifest is None:
        return
    if not staticfiles_storage.exists(manifest):
        raise ImproperlyConfigured(
            f"Static files are not collected: {settings.STATIC_ROOT}/{manifest} is "
            "missing. Run: python manage.py collectstatic --noinput"
        )
