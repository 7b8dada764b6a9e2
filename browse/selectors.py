"""Read queries shared by the public views, exports and commands.

Everything public starts from `Practice.objects.published()`: drafts never reach a
list, a count, a facet, a search or a detail page.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils.functional import SimpleLazyObject
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from practices.derived import theme_bit
from practices.folding import fold_script
from practices.library_version import kept, kept_key
from practices.models import (
    Actor,
    Involvement,
    Metric,
    Practice,
    Region,
    SourceDocument,
    Step,
    Theme,
)

from .facets import (
    facet_key,
    facet_query,
    practice_facets,
    region_trail_links,
    replace_param,
)
from .filters import PracticeFilterSet, has_any_bit, themes_with_descendants
from .matches import explain_matches, split_suggestion
from .planner import index_scans_only, keyword_is_rare
from .regions import region_names, region_trail
from .script import current_script
from .source_page import source_passages

PAGE_SIZE = 20
ACTOR_PAGE_PRACTICES = 50  # on an actor's page; the rest through the browse list
MAX_ECHO = 160  # characters of a bad parameter repeated back in its message
SEGMENT = 7  # "000018/" in Region.path


@dataclass
class BrowseResult:
    filterset: PracticeFilterSet
    page: object
    messages: list = field(default_factory=list)
    facets: dict = field(default_factory=dict)
    region_trail: list = field(default_factory=list)
    all_regions_url: str = "?"
    # (query, count, url): a split of a keyword that found nothing, which finds some
    suggestion: tuple = None
    # Cache keys of the facet panel and of the page's list as drawn, and how long
    # they are kept (under the library's version).
    facet_key: str = ""
    list_key: str = ""
    cache_seconds: int = 0


def library_overview():
    """Counts and the newest published practices, for the home page."""
    published = Practice.objects.published()
    return {
        "practice_count": published.count(),
        "region_count": published.values("region").distinct().count(),
        "theme_count": Theme.objects.count(),
        "newest": with_region_names(published.order_by("-created_at", "-pk")[:6]),
    }


def filtered_practices(params, queryset=None):
    """The FilterSet over published practices (or `queryset`) for these GET params."""
    if queryset is None:
        queryset = Practice.objects.published()
    return PracticeFilterSet(params, queryset=queryset)


def browse_practices(params):
    """One page of the browse list, with its facet counts and any input errors."""
    filterset = filtered_practices(params)
    messages = filter_error_messages(filterset)
    query = filterset.form.cleaned_data.get("q") or ""
    with index_scans_only(rare=keyword_is_rare(query)):
        results = filterset.qs
        facets, total = practice_facets(filterset, params)
        page, page_message = paginate(results, params.get("page"), total)
        if page_message:
            messages.append(page_message)
        ids = page_ids(page.object_list, params, page.number)
    # Read when the list is drawn, which it is not when its drawing is in the cache.
    page.object_list = SimpleLazyObject(lambda: listed_practices(ids, query))
    suggestion = None
    if query and not total:
        found = split_suggestion(query, lambda split: count_with(params, split))
        if found:
            suggestion = (*found, replace_param(params, "q", found[0]))
    selected_region = filterset.form.cleaned_data.get("region")
    return BrowseResult(
        suggestion=suggestion,
        filterset=filterset,
        page=page,
        messages=messages,
        facets=facets,
        region_trail=region_trail_links(
            params, region_trail(selected_region) if selected_region else []
        ),
        all_regions_url=replace_param(params, "region"),
        facet_key=facet_key(params),
        list_key=list_key(params, page.number),
        cache_seconds=settings.FACET_CACHE_SECONDS,
    )


def listed_practices(ids, query):
    """The practices of a page, with their regions' names and why each matched."""
    practices = with_region_names(page_rows(ids))
    explain_matches(practices, query)
    return practices


def list_key(params, number):
    """The cache key of a page of the list as drawn (language, query, page, and
    the script: the drawing marks its Chinese text zh-Hans or zh-Hant)."""
    return kept_key("practice-list", (*facet_query(params), number, current_script()))


def count_with(params, query):
    """How many practices the list would hold with keyword `query` instead."""
    changed = params.copy()
    changed["q"] = query
    return filtered_practices(changed).qs.count()


def filter_error_messages(filterset):
    """A message per invalid parameter (which the list then ignores), echoing at most
    a short piece of what was sent."""
    messages = []
    for name, errors in filterset.errors.items():
        label = filterset.filters[name].label if name in filterset.filters else name
        for error in errors:
            error = Truncator(error).chars(MAX_ECHO)
            messages.append(
                _("%(field)s: %(error)s Ignored.") % {"field": label, "error": error}
            )
    return messages


def paginate(queryset, raw_page, count=None):
    """A page that always exists, and a message when the one asked for did not.

    `count`, when the caller knows it, saves the paginator its own COUNT query.
    """
    paginator = Paginator(queryset, PAGE_SIZE)
    if count is not None:
        paginator.count = count  # a cached_property: this value is used
    message = None
    try:
        number = int(raw_page or 1)
    except (TypeError, ValueError):
        number = 1
        message = _("“%(page)s” is not a page number; showing page 1.") % {
            "page": str(raw_page)[:20]
        }
    last = paginator.num_pages
    if number < 1:
        message, number = _("Pages start at 1; showing page 1."), 1
    elif number > last:
        message = _("There are only %(last)d pages; showing page %(last)d.") % {
            "last": last
        }
        number = last
    return paginator.page(number), message


def page_ids(page_queryset, params, number):
    """The ids of one page of the list, in order (an index-only scan, however many
    practices match the ordering), kept in the cache under the library's version
    and the query with its keyword folded (網格 and 网格 are one list), so that a
    keyword's page is sorted once, not for every reader (settings.FACET_CACHE_SECONDS).
    """
    query = [
        (name, [fold_script(v) for v in values] if name == "q" else values)
        for name, values in params.lists()
        if name != "page"
    ]
    return kept(
        "page-ids",
        (number, query),
        lambda: list(page_queryset.values_list("pk", flat=True)),
    )


def page_rows(ids):
    """The practices with these ids, in this order, with their regions."""
    rows = Practice.objects.filter(pk__in=ids).select_related("region")
    order = {pk: index for index, pk in enumerate(ids)}
    return sorted(rows, key=lambda practice: order[practice.pk])


def with_region_names(practices):
    """Practices with `region_names` (top down) set, in one query for all of them."""
    practices = list(practices)
    names = region_names(p.region_path for p in practices)
    for practice in practices:
        practice.region_names = names[practice.region_path]
    return practices


def practices_with_parts():
    """Published practices with everything their page (or a comparison) shows, in
    a fixed number of queries."""
    return (
        Practice.objects.published()
        .select_related("region")
        .prefetch_related(
            "themes",
            "sources",
            Prefetch("steps", Step.objects.order_by("parent_id", "position")),
            Prefetch(
                "involvements", Involvement.objects.select_related("actor", "step")
            ),
            Prefetch("metrics", Metric.objects.select_related("step").order_by("pk")),
        )
    )


def practice_detail(slug):
    """A published practice with all its page shows."""
    practice = get_object_or_404(practices_with_parts(), slug=slug)
    practice.region_trail = region_trail(practice.region)
    return practice


def published_practice(slug):
    """A published practice's row and region (its page's head), or 404."""
    return get_object_or_404(
        Practice.objects.published().select_related("region"), slug=slug
    )


def source_detail(slug):
    """A source cited by a published practice, with those practices and the passages
    their steps and figures quote (stored offsets); 404 for any other source."""
    published = Practice.objects.published()
    source = get_object_or_404(SourceDocument.objects.public(), slug=slug)
    source.published_practices = list(
        published.filter(sources=source).select_related("region").order_by("title")
    )
    quoted = {"passage_source": source, "practice__in": published}
    source.passages = source_passages(
        Step.objects.filter(**quoted).select_related("practice"),
        Metric.objects.filter(**quoted).select_related("practice"),
    )
    return source


def actor_detail(pk):
    """An actor taking part in a published practice, with each such practice and the
    steps it takes part in, with its roles; 404 for any other."""
    published = Practice.objects.published()
    actor = get_object_or_404(Actor.objects.public(), pk=pk)
    taking_part = published.filter(involvements__actor=actor).distinct()
    actor.practice_count = taking_part.count()
    shown = list(
        taking_part.order_by("title_pinyin", "pk").values_list("pk", flat=True)[
            :ACTOR_PAGE_PRACTICES
        ]
    )
    involvements = (
        Involvement.objects.filter(actor=actor, practice_id__in=shown)
        .select_related("practice", "step")
        .order_by("practice__title_pinyin", "practice_id", "step__position", "pk")
    )
    practices = {}
    names = region_names(
        Practice.objects.filter(pk__in=shown).values_list("region_path", flat=True)
    )
    for involvement in involvements:
        involvement.practice.region_names = names.get(involvement.practice.region_path)
        entry = practices.setdefault(
            involvement.practice_id, {"practice": involvement.practice, "parts": []}
        )
        entry["parts"].append(involvement)
    actor.practice_entries = list(practices.values())
    return actor


def region_counts(own):
    """Published practices per region, each counted in its region and every
    ancestor, from `own` (region_own_counts)."""
    counts = {}
    for path, n in own.items():
        for end in range(SEGMENT, len(path) + 1, SEGMENT):
            counts[path[:end]] = counts.get(path[:end], 0) + n
    return counts


def region_tree():
    """(provinces with published practices, each with `branches`: its regions that
    have some, nested; provinces without any). Each region has `practice_count` (its
    own and below) and `own_count` (at the region itself), so a region's rows add up."""
    own = kept("region-counts", (), region_own_counts)
    counts = region_counts(own)
    shown = Region.objects.filter(Q(depth=1) | Q(path__in=list(counts))).order_by(
        "path"
    )
    by_path, provinces, empty = {}, [], []
    for region in shown:
        region.practice_count = counts.get(region.path, 0)
        region.own_count = own.get(region.path, 0)
        region.branches = []
        by_path[region.path] = region
        if region.depth > 1:
            parent = by_path.get(region.path[:-SEGMENT])
            if parent is not None:
                parent.branches.append(region)
        elif region.practice_count:
            provinces.append(region)
        else:
            empty.append(region)
    provinces.sort(key=lambda r: (-r.practice_count, r.path))
    return provinces, empty


def region_own_counts():
    """Published practices per region path, at that region itself."""
    rows = (
        Practice.objects.published()
        .values("region_path")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["region_path"]: row["n"] for row in rows}


def theme_tree():
    """Themes with counts of published practices, each count including child themes:
    one aggregate over the practices' theme bit sets."""
    themes = list(Theme.objects.order_by("pk"))
    by_parent = {}
    for theme in themes:
        by_parent.setdefault(theme.parent_id, []).append(theme)
    tree = [(theme.pk, theme.parent_id) for theme in themes]
    counts = kept("theme-counts", tree, lambda: count_themes(themes, tree))
    for theme in themes:
        theme.practice_count = counts[f"theme_{theme.pk}"]
        theme.child_themes = by_parent.get(theme.pk, [])
    return by_parent.get(None, [])


def count_themes(themes, tree):
    """{theme_<pk>: published practices with the theme or one below it}."""
    return Practice.objects.published().aggregate(
        **{
            f"theme_{theme.pk}": Count(
                "pk",
                filter=has_any_bit(
                    "theme_bits",
                    map(theme_bit, themes_with_descendants([theme.pk], tree)),
                ),
            )
            for theme in themes
        }
    )
