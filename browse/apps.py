"""The public pages: browse with facets, a practice, region and theme trees."""

from django.apps import AppConfig


class BrowseConfig(AppConfig):
    name = "browse"
