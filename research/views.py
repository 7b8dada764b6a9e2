"""Downloads of the current browse query (the same FilterSet, another format) and the
codebook page."""

from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render

from browse.selectors import filter_error_messages, filtered_practices

from .api_codebook import api_fields
from .archive import query_in_words, zip_stream
from .codebook import codebook_csv
from .json_export import json_stream
from .streaming import export_filename, streamed
from .tables import TABLES, csv_stream

CSV_TYPE = "text/csv; charset=utf-8"


def export_context(request, staff=False):
    return {"staff": staff, "base_url": request.build_absolute_uri("/").rstrip("/")}


def valid_practices(request):
    """The browse query's practices, or a 400 with the messages the browse page shows
    for the same parameters: an export never silently drops a filter."""
    filterset = filtered_practices(request.GET)
    errors = filter_error_messages(filterset)
    if errors:
        text = "\n".join(errors) + "\n"
        return None, HttpResponseBadRequest(
            text, content_type="text/plain; charset=utf-8"
        )
    return filterset.qs, None


def export_table(request, table):
    if table not in TABLES:
        raise Http404
    practices, refusal = valid_practices(request)
    if refusal:
        return refusal
    rows = csv_stream(TABLES[table], practices, export_context(request))
    name = export_filename(request, TABLES[table].name, "csv")
    return streamed(rows, request, CSV_TYPE, name)


def export_json(request):
    practices, refusal = valid_practices(request)
    if refusal:
        return refusal
    chunks = json_stream(practices)
    name = export_filename(request, "practices", "json")
    return streamed(chunks, request, "application/json; charset=utf-8", name)


def export_zip(request):
    practices, refusal = valid_practices(request)
    if refusal:
        return refusal
    context = export_context(request)
    context["query_words"] = query_in_words(filtered_practices(request.GET))
    chunks = zip_stream(practices, context, request.GET.urlencode())
    return streamed(
        chunks, request, "application/zip", export_filename(request, "export", "zip")
    )


def codebook(request):
    context = {"tables": TABLES.values(), "api_fields": list(api_fields())}
    return render(request, "research/codebook.html", context)


def codebook_download(request):
    return attachment(
        HttpResponse(codebook_csv(), content_type=CSV_TYPE), "codebook.csv"
    )


def attachment(response, filename):
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
