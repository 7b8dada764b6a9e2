"""The research downloads' URLs: the browse list as CSV tables, JSON and zip, the
codebook, and the read API."""

from django.urls import include, path

from . import api_urls, cite_views, views

app_name = "research"

urlpatterns = [
    path("api/v1/", include(api_urls)),
    path(
        "practices/export.csv",
        views.export_table,
        {"table": "practices"},
        name="export_practices",
    ),
    path("practices/<str:table>.csv", views.export_table, name="export_table"),
    path("practices/export.json", views.export_json, name="export_json"),
    path("practices/export.zip", views.export_zip, name="export_zip"),
    path("practices/<slug:slug>/cite/", cite_views.cite, name="cite"),
    path(
        "practices/<slug:slug>/export.json",
        cite_views.practice_download,
        {"table": "export"},
        name="practice_json",
    ),
    path(
        "practices/<slug:slug>/<str:table>.csv",
        cite_views.practice_download,
        name="practice_table",
    ),
    path("codebook/", views.codebook, name="codebook"),
    path("codebook.csv", views.codebook_download, name="codebook_csv"),
]
