from django.urls import path

from . import export_views, views

app_name = "practices"

urlpatterns = [
    path("", views.home, name="home"),
    path("practices/", views.browse, name="browse"),
    path(
        "practices/export.csv",
        export_views.export_table,
        {"table": "practices"},
        name="export_practices",
    ),
    path("practices/<str:table>.csv", export_views.export_table, name="export_table"),
    path("practices/export.json", export_views.export_json, name="export_json"),
    path("practices/export.zip", export_views.export_zip, name="export_zip"),
    path("practices/<slug:slug>/", views.detail, name="detail"),
    path("regions/", views.regions, name="regions"),
    path("themes/", views.themes, name="themes"),
    path("codebook/", export_views.codebook, name="codebook"),
    path("codebook.csv", export_views.codebook_download, name="codebook_csv"),
    path("script/<str:script>/", views.set_script, name="set_script"),
]
