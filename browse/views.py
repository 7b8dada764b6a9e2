"""Public pages. Views stay thin: read queries live in selectors.py."""

import csv

from django.conf import settings
from django.http import (
    Http404,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
    QueryDict,
)
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.http import (
    content_disposition_header,
    url_has_allowed_host_and_scheme,
)
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from practices.history import snapshot
from practices.library_version import kept, kept_key
from practices.models import Practice
from practices.versions import Version, current_version_number, published_versions

from . import selectors
from .compare import (
    MAX_COMPARED,
    MIN_COMPARED,
    compared_practices,
    comparison_csv_rows,
    comparison_rows,
)
from .filters import find_legacy_region
from .flow_svg import flow_svg
from .names import figure_value
from .practice_page import practice_actors, step_tree
from .related import related_practices
from .script import SCRIPT_COOKIE, SCRIPTS, current_script
from .source_page import marked_paragraphs
from .templatetags.browse_tags import number


def home(request):
    overview = kept("overview", (), selectors.library_overview)
    return render(request, "browse/home.html", overview)


def browse(request):
    canonical = canonical_query(request.GET)
    if canonical is not None:
        return HttpResponsePermanentRedirect(request.path + canonical)
    result = selectors.browse_practices(request.GET)
    return render(request, "browse/browse.html", {"result": result})


def version(request, slug, number):
    """A published version of a practice, read-only, with a note when a newer one
    exists."""
    practice = selectors.practice_detail(slug)
    versions = published_versions(practice) or [
        Version(1, snapshot(practice), practice.updated_at)
    ]
    if not 1 <= number <= len(versions):
        raise Http404
    context = {
        "practice": practice,
        "version": versions[number - 1],
        "latest": len(versions),
    }
    return render(request, "browse/version.html", context)


def canonical_query(params):
    """The browse URL's one form, or None if it is already: empty parameters left out
    (as a submitted filter form sends them), a region by its code or names, not by
    an old link's database id."""
    query = params.copy()
    changed = False
    for name in list(query):
        values = [value for value in query.getlist(name) if value.strip()]
        if name == "region" and len(values) == 1:
            region = find_legacy_region(values[0])
            if region is not None:
                values = [region.url_key]
        if values != query.getlist(name):
            query.setlist(name, values)
            changed = True
        if not values:
            del query[name]
    if not changed:
        return None
    return "?" + query.urlencode(safe="/") if query else ""


def detail(request, slug):
    """A practice's page. Its body, as drawn for a language and script, is kept
    under the library's version: until the library changes, a reader costs the
    practice's row and the kept drawing; the parts are read only to draw it."""
    head = selectors.published_practice(slug)
    return render(
        request,
        "browse/detail.html",
        {
            "head": head,
            "body": SimpleLazyObject(lambda: practice_body(slug)),
            "body_key": kept_key(
                "practice-body",
                # The body cites the page by its address: the host is part of it.
                (
                    head.pk,
                    get_language(),
                    current_script(),
                    request.build_absolute_uri(),
                ),
            ),
            "cache_seconds": settings.FACET_CACHE_SECONDS,
        },
    )


def practice_body(slug):
    """What a practice page's body shows: the practice with its parts, its steps
    as a tree and as a flow, its actors, related practices and version."""
    practice = selectors.practice_detail(slug)
    steps = step_tree(practice)
    version = current_version_number(practice)
    return {
        "practice": practice,
        "steps": steps,
        "flow": flow_svg(practice, steps, lambda m: figure_value(m, number)),
        "actors": practice_actors(practice),
        "related": kept("related", practice.pk, lambda: related_practices(practice)),
        "version": version,
        "version_url": reverse("browse:version", args=[slug, version]),
    }


def source(request, slug):
    source = selectors.source_detail(slug)
    current = request.GET.get("passage", "")
    context = {
        "source": source,
        "paragraphs": marked_paragraphs(source.text, source.passages),
        "current": next((p for p in source.passages if p.anchor == current), None),
    }
    return render(request, "browse/source.html", context)


def actor(request, pk):
    return render(request, "browse/actor.html", {"actor": selectors.actor_detail(pk)})


def compare(request):
    practices, messages = compared_practices(request.GET.getlist("p"))
    rows = comparison_rows(practices) if len(practices) >= MIN_COMPARED else []
    if request.GET.get("format") == "csv" and rows:
        return comparison_csv(practices, rows)
    if len(practices) < MIN_COMPARED:
        messages.append(_("Choose at least two practices to compare."))
    slugs = [p.slug for p in practices]
    for practice in practices:
        practice.remove_url = compare_url([s for s in slugs if s != practice.slug])
    candidates = compare_candidates(practices)
    for candidate in candidates:
        candidate.add_url = compare_url([*slugs, candidate.slug])
    context = {
        "practices": practices,
        "rows": rows,
        "messages": messages,
        "candidates": candidates,
        "csv_url": compare_url(slugs) + "&format=csv" if rows else "",
    }
    return render(request, "browse/compare.html", context)


def compare_url(slugs):
    query = QueryDict(mutable=True)
    query.setlist("p", slugs)
    return reverse("browse:compare") + ("?" + query.urlencode() if slugs else "")


def comparison_csv(practices, rows):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = "govcases-compare-" + "-".join(p.slug for p in practices)[:80] + ".csv"
    response["Content-Disposition"] = content_disposition_header(True, name)
    response.write("\ufeff")
    csv.writer(response).writerows(comparison_csv_rows(practices, rows))
    return response


def compare_candidates(practices):
    """Practices to add: related ones first, else the newest, never one chosen."""
    if len(practices) >= MAX_COMPARED:
        return []
    chosen = {p.pk for p in practices}
    found = []
    if practices:
        found = [r.practice for r in related_practices(practices[0])]
    found += list(Practice.objects.published().order_by("title_pinyin")[:20])
    unique = {p.pk: p for p in found if p.pk not in chosen}
    return list(unique.values())[:12]


def regions(request):
    """Every region with published practices. The tree is read only when it is
    drawn, which it is not while its drawing for this language is in the cache
    (under the library's version)."""
    tree = SimpleLazyObject(selectors.region_tree)
    context = {
        "provinces": SimpleLazyObject(lambda: tree[0]),
        "empty_provinces": SimpleLazyObject(lambda: tree[1]),
        "tree_key": kept_key("region-tree", get_language()),
        "cache_seconds": settings.FACET_CACHE_SECONDS,
    }
    return render(request, "browse/regions.html", context)


def themes(request):
    return render(request, "browse/themes.html", {"themes": selectors.theme_tree()})


def robots(request):
    """Crawl the pages, not the downloads (each a full query of the library)."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /practices/export",
        "Disallow: /practices/*.csv",
        "Disallow: /script/",
        "Disallow: /language/",
        f"Sitemap: {request.build_absolute_uri(reverse('browse:sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def favicon(request):
    return HttpResponsePermanentRedirect(static("favicon.svg"))


def set_script(request, script):
    """Show content in Simplified (hans) or Traditional (hant) script: a cookie."""
    response = back_to_page(request)
    if script in SCRIPTS:
        remember(response, SCRIPT_COOKIE, script)
    return response


def set_language(request, language):
    """Switch the interface language with a link (no form, no CSRF cookie on every
    public page): Django's language cookie, read by LocaleMiddleware."""
    response = back_to_page(request)
    if language in dict(settings.LANGUAGES):
        remember(response, settings.LANGUAGE_COOKIE_NAME, language)
    return response


def back_to_page(request):
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    return HttpResponseRedirect(target)


def remember(response, name, value):
    response.set_cookie(
        name,
        value,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=settings.LANGUAGE_COOKIE_SECURE,
    )
