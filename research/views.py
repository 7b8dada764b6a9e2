"""Downloads of the current browse query (the same FilterSet, another format) and the
codebook page."""

from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import render

from browse.selectors import filtered_practices

from .archive import write_zip
from .codebook import codebook_csv
from .json_export import json_stream
from .tables import TABLES, csv_stream

CSV_TYPE = "text/csv; charset=utf-8"


def export_context(request, staff=False):
    return {"staff": staff, "base_url": request.build_absolute_uri("/").rstrip("/")}


def export_table(request, table):
    if table not in TABLES:
        raise Http404
    practices = filtered_practices(request.GET).qs
    rows = csv_stream(TABLES[table], practices, export_context(request))
    return attachment(
        StreamingHttpResponse(rows, content_type=CSV_TYPE), TABLES[table].filename
    )


def export_json(request):
    practices = filtered_practices(request.GET).qs
    response = StreamingHttpResponse(
        json_stream(practices), content_type="application/json; charset=utf-8"
    )
    return attachment(response, "export.json")


def export_zip(request):
    practices = filtered_practices(request.GET).qs
    archive = write_zip(practices, export_context(request), request.GET.urlencode())
    return FileResponse(archive, as_attachment=True, filename="govcases-export.zip")


def codebook(request):
    return render(request, "research/codebook.html", {"tables": TABLES.values()})


def codebook_download(request):
    return attachment(
        HttpResponse(codebook_csv(), content_type=CSV_TYPE), "codebook.csv"
    )


def attachment(response, filename):
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
