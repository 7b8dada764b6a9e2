"""Exports of the current browse query: the same FilterSet, another format."""

import csv
import io
import tempfile
import zipfile

from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import render

from .export_json import json_stream
from .exports import CODEBOOK_HEADER, TABLES, codebook_rows, csv_stream
from .selectors import filtered_practices

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


def write_zip(practices, context, query=""):
    """Every table, the JSON and the codebook in one zip (a temporary file)."""
    archive = tempfile.TemporaryFile()
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for table in TABLES.values():
            with bundle.open(table.filename, "w") as member:
                for chunk in csv_stream(table, practices, context):
                    member.write(chunk.encode("utf-8"))
        with bundle.open("export.json", "w") as member:
            for chunk in json_stream(practices):
                member.write(chunk.encode("utf-8"))
        bundle.writestr("codebook.csv", codebook_csv())
        bundle.writestr("README.txt", zip_readme(query, context))
    archive.seek(0)
    return archive


def zip_readme(query, context):
    drafts = (
        "may include drafts (see the status column)"
        if context.get("staff")
        else ("published practices only")
    )
    return (
        "govcases export\n\n"
        f"Query: ?{query}\nContent: {drafts}\n\n"
        "Tables join on practice_id, step_id and actor_id;\n"
        "codebook.csv explains every "
        "column. export.json is a case file (docs/case-file.md) that imports back.\n"
    )


def codebook_csv():
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CODEBOOK_HEADER)
    writer.writerows(codebook_rows())
    return "\ufeff" + out.getvalue()


def codebook(request):
    return render(request, "practices/codebook.html", {"tables": TABLES.values()})


def codebook_download(request):
    return attachment(
        HttpResponse(codebook_csv(), content_type=CSV_TYPE), "codebook.csv"
    )


def attachment(response, filename):
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
