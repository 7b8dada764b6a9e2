"""/api/v1/: the read API and its OpenAPI schema and documentation."""

from django.urls import path
from django.views.generic import TemplateView
from drf_spectacular.views import SpectacularAPIView

from . import api

urlpatterns = [
    path("", api.Version.as_view(), name="api_root"),
    path("schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path(
        "docs/",
        TemplateView.as_view(template_name="research/api_docs.html"),
        name="api_docs",
    ),
    path("practices/", api.PracticeList.as_view(), name="api_practices"),
    path("practices/<slug:slug>/", api.PracticeDetail.as_view(), name="api_practice"),
    path("sources/", api.SourceList.as_view(), name="api_sources"),
    path("sources/<slug:key>/", api.SourceDetail.as_view(), name="api_source"),
    path("actors/", api.ActorList.as_view(), name="api_actors"),
    path("actors/<int:pk>/", api.ActorDetail.as_view(), name="api_actor"),
    path("regions/", api.RegionList.as_view(), name="api_regions"),
    path("regions/<str:code>/", api.RegionDetail.as_view(), name="api_region"),
    path("themes/", api.ThemeList.as_view(), name="api_themes"),
    path("insights/roles/", api.Roles.as_view(), name="api_roles"),
    path(
        "insights/time-limits/",
        api.TimeLimitList.as_view(),
        name="api_time_limits",
    ),
]
