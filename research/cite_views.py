"""A practice's citations (and a step's or figure's), its downloads as a case file
and as CSV tables: from its page, for the version the public sees."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header

from browse.selectors import practice_detail
from practices.models import Practice
from practices.versions import current_version_number

from .citations import FORMATS, Citation, bibtex, csl_json, gbt7714, ris
from .json_export import json_stream
from .streaming import streamed
from .tables import TABLES, csv_stream
from .views import CSV_TYPE, export_context


def cited_item(practice, value):
    """The step or figure `value` names (step-<id>, figure-<id>), or None."""
    if not value:
        return None
    kind, _dash, pk = value.partition("-")
    items = {"step": practice.steps.all(), "figure": practice.metrics.all()}
    if kind not in items or not pk.isdigit():
        raise Http404
    found = next((item for item in items[kind] if item.pk == int(pk)), None)
    if found is None:
        raise Http404
    return found


def citation_for(request, practice, item_value):
    version = current_version_number(practice)
    item = cited_item(practice, item_value)
    path = reverse("browse:version", args=[practice.slug, version])
    anchor = f"#{item_value}" if item is not None else ""
    return Citation(
        practice=practice,
        version=version,
        url=request.build_absolute_uri(path) + anchor,
        accessed=timezone.localdate(),
        item=item,
    )


def cite(request, slug):
    practice = practice_detail(slug)
    item_value = request.GET.get("item", "")
    citation = citation_for(request, practice, item_value)
    chosen = request.GET.get("format")
    if chosen in FORMATS:
        extension, content_type, write = FORMATS[chosen]
        response = HttpResponse(write(citation), content_type=content_type)
        name = f"{citation.key}.{extension}"
        response["Content-Disposition"] = content_disposition_header(True, name)
        return response
    context = {
        "practice": practice,
        "citation": citation,
        "item_value": item_value,
        "formats": [
            ("gbt7714", "GB/T 7714-2015", gbt7714(citation)),
            ("bibtex", "BibTeX", bibtex(citation)),
            ("ris", "RIS", ris(citation)),
            ("csl", "CSL-JSON", csl_json(citation)),
        ],
    }
    return render(request, "research/cite.html", context)


def practice_download(request, slug, table):
    """The practice as a case file (export.json) or one of its CSV tables."""
    practice = practice_detail(slug)
    practices = Practice.objects.published().filter(pk=practice.pk)
    version = current_version_number(practice)
    stem = f"govcases-{practice.slug}-v{version}"
    if table == "export":
        chunks = json_stream(practices)
        kind = "application/json; charset=utf-8"
        return streamed(chunks, request, kind, f"{stem}.json")
    if table not in TABLES:
        raise Http404
    rows = csv_stream(TABLES[table], practices, export_context(request))
    return streamed(rows, request, CSV_TYPE, f"{stem}-{table}.csv")
