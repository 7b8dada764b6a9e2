"""The model and its rules: regions, themes, actors, sources, practices, parts."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticesConfig(AppConfig):
    name = "practices"
    verbose_name = _("Case library")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .library_version import connect_signals

        connect_signals()
