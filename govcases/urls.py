"""The site's URLs: the admin, language switching, a health check, the research
downloads and the public pages."""

from django.contrib import admin
from django.urls import include, path

from .health import healthz

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", healthz, name="healthz"),
    # Downloads first: practices/export.csv must not be read as a practice's slug.
    path("", include("research.urls")),
    path("", include("browse.urls")),
]


handler404 = "govcases.errors.not_found"
