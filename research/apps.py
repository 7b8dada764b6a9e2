"""What researchers take away: CSV/JSON/zip exports and the codebook."""

from django.apps import AppConfig


class ResearchConfig(AppConfig):
    name = "research"
