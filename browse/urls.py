"""The public pages' URLs: home, browse, a practice, a source, the region and theme
trees."""

from django.contrib.sitemaps.views import index as sitemap_index
from django.contrib.sitemaps.views import sitemap
from django.urls import path
from django.views.decorators.cache import cache_page

from . import insights_views, views
from .sitemaps import SITEMAP_CACHE_SECONDS, SITEMAPS

app_name = "browse"

urlpatterns = [
    path("", views.home, name="home"),
    path("practices/", views.browse, name="browse"),
    path("practices/<slug:slug>/", views.detail, name="detail"),
    path("practices/<slug:slug>/v/<int:number>/", views.version, name="version"),
    path("sources/<slug:slug>/", views.source, name="source"),
    path("actors/<int:pk>/", views.actor, name="actor"),
    path("compare/", views.compare, name="compare"),
    path("insights/", insights_views.overview, name="insights"),
    path("insights/time-limits/", insights_views.time_limits, name="time_limits"),
    path("insights/roles/", insights_views.roles, name="roles"),
    path("regions/", views.regions, name="regions"),
    path("themes/", views.themes, name="themes"),
    path("script/<str:script>/", views.set_script, name="set_script"),
    # An index of sections, each in pages of 5000 URLs: the library outgrows one file.
    path(
        "sitemap.xml",
        cache_page(SITEMAP_CACHE_SECONDS)(sitemap_index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "browse:sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        cache_page(SITEMAP_CACHE_SECONDS)(sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path("robots.txt", views.robots, name="robots"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("language/<str:language>/", views.set_language, name="set_language"),
]
