"""The research downloads' URLs: the browse list as CSV tables, JSON and zip, and the
codebook."""

from django.urls import path

from . import views

app_name = "research"

urlpatterns = [
    path(
        "practices/export.csv",
        views.export_table,
        {"table": "practices"},
        name="export_practices",
    ),
    path("practices/<str:table>.csv", views.export_table, name="export_table"),
    path("practices/export.json", views.export_json, name="export_json"),
    path("practices/export.zip", views.export_zip, name="export_zip"),
    path("codebook/", views.codebook, name="codebook"),
    path("codebook.csv", views.codebook_download, name="codebook_csv"),
]
