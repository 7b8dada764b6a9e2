"""Facet counts for the current browse query, in Datasette's shape.

Each facet value is a dict: value, label, count, toggle_url, selected. Counts are
over the filtered list (every filter applied).
"""

from django.db import connections
from django.db.models import Count, Q, Value
from django.db.models.functions import Substr
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from practices.choices import ActorKind, Level
from practices.derived import actor_kind_bit, theme_bit
from practices.library_version import kept, kept_key
from practices.models import Involvement, Region, Theme

from .filters import has_any_bit, themes_with_descendants
from .names import plain_name

SEGMENT = 7  # one "000018/" segment of Region.path
MULTI_VALUED = (
    "theme",
    "actor_kind",
    "level",
    "compare",
)  # toggled one value at a time
COUNTED_GROUPS = ("theme", "actor_kind", "level", "has_metrics")


def practice_facets(filterset, params):
    """(facets, total): every facet of the filtered list, and its length.

    Kept whole in the cache under the library's version, the interface language and
    the query (every parameter but the page number, which changes neither the counts
    nor the links), so that the next page of a list, or another reader of it, costs
    no counting and no building of the facets (settings.FACET_CACHE_SECONDS).
    """
    return kept(
        "facet-list", facet_query(params), lambda: count_facets(filterset, params)
    )


def facet_query(params):
    """What a list's facets depend on: the language and every parameter but the
    page number."""
    query = [(name, values) for name, values in params.lists() if name != "page"]
    return (get_language(), query)


def facet_key(params):
    """The cache key of a list's facets (and of the panel that shows them)."""
    return kept_key("facet-list", facet_query(params))


def count_facets(filterset, params):
    """(facets, total), counted.

    The rule, stated on the page: choices within a group are combined with OR (any
    of them), groups with AND; each number is the length of the list its link
    gives. One query counts the list grouped by the region one level below the
    chosen one, with every facet condition; a group with choices is counted once
    more, over the list without that group's filter (what its links change).
    """
    selected = filterset.form.cleaned_data.get("region")
    depth = selected.depth + 1 if selected else 1
    themes = list(Theme.objects.order_by("pk"))
    conditions = facet_conditions(themes)
    groups = facet_counts(filterset.qs.order_by(), SEGMENT * depth, conditions)
    totals = {key: 0 for key in conditions} | {"total": 0}
    for group in groups:
        for key, value in group.items():
            if key != "prefix":
                totals[key] += value
    theme_keys = {theme.slug: f"theme_{theme.pk}" for theme in themes}
    for name in COUNTED_GROUPS:
        if params.getlist(name):
            totals.update(
                counts_after_toggle(filterset, params, name, conditions, theme_keys)
            )
    facets = {
        "region": region_facet(groups, SEGMENT * depth, params, selected),
        "theme": theme_facet(totals, params, themes),
        **flag_facets(totals, params),
        "actor": actor_facet(filterset, params, totals["total"]),
    }
    return facets, totals["total"]


ACTOR_FACET_SIZE = 12
# Above this many practices the actors are not counted: the list is narrowed first.
ACTOR_FACET_MAX_PRACTICES = 5000


def actor_facet(filterset, params, total):
    """The actors taking part in most practices of the list (its top few), or the
    chosen actor; each count the length of the list its link gives."""
    chosen = filterset.form.cleaned_data.get("actor")
    if chosen is not None:
        others = params.copy()
        others.pop("actor")
        rest = type(filterset)(others, queryset=filterset.queryset)
        count = rest.qs.count() if rest.is_valid() else 0
        return [
            _actor_item(chosen.pk, chosen.name, chosen.name_en, count, params, True)
        ]
    if not total or total > ACTOR_FACET_MAX_PRACTICES:
        return []
    rows = cached_rows(
        Involvement.objects.filter(practice__in=filterset.qs.order_by().values("pk"))
        .values("actor_id", "actor__name", "actor__name_en")
        .annotate(count=Count("practice_id", distinct=True))
        .order_by("-count", "actor__name")[:ACTOR_FACET_SIZE]
    )
    return [
        _actor_item(r["actor_id"], r["actor__name"], r["actor__name_en"], r["count"],
                    params, False)
        for r in rows
    ]  # fmt: skip


def _actor_item(pk, name, name_en, count, params, selected):
    item = {"value": pk, "name": name, "name_en": name_en, "count": count}
    item["label"] = plain_name(item)
    item["toggle_url"] = toggle_url(params, "actor", pk)
    item["selected"] = selected
    return item


GROUP_KEYS = {"theme": "theme_", "actor_kind": "kind_", "level": "level_"}
EVERY = Q(pk__isnull=False)  # the count of a link that leaves a group unfiltered


def counts_after_toggle(filterset, params, name, conditions, theme_keys):
    """{condition key: count} for group `name`, which has choices: each value's count
    is the list its link gives, over the list without this group's filter."""
    others = params.copy()
    others.pop(name)
    others.pop("page", None)
    rest = type(filterset)(others, queryset=filterset.queryset)
    if not rest.is_valid():
        return {}
    if name == "has_metrics":
        chosen = params.get(name)
        wanted = {
            "with_metrics": EVERY if chosen == "true" else conditions["with_metrics"],
            "without_metrics": (
                EVERY if chosen == "false" else conditions["without_metrics"]
            ),
        }
    else:
        prefix = GROUP_KEYS[name]
        chosen = set(params.getlist(name))
        keys = [key for key in conditions if key.startswith(prefix)]
        values = {value_key(name, v, conditions, theme_keys) for v in chosen}
        values.discard(None)
        wanted = {}
        for key in keys:
            after = values ^ {key}  # the link adds the value, or removes it
            wanted[key] = any_of(conditions[k] for k in after) if after else EVERY
    counts = facet_counts(rest.qs.order_by(), None, wanted)
    return {key: counts[0][key] if counts else 0 for key in wanted}


def value_key(name, value, conditions, theme_keys):
    """The condition key of a group's value (a theme by slug, others by value)."""
    if name == "theme":
        return theme_keys.get(value)
    key = f"{GROUP_KEYS[name]}{value}"
    return key if key in conditions else None


def any_of(conditions):
    result = Q(pk__in=[])
    for condition in conditions:
        result |= condition if isinstance(condition, Q) else Q(condition)
    return result


def facet_conditions(themes):
    """Every counted condition, by name: themes (with the themes below them), actor
    kinds, levels, has-figures."""
    conditions = {}
    tree = [(theme.pk, theme.parent_id) for theme in themes]
    for theme in themes:
        subtree = themes_with_descendants([theme.pk], tree)
        conditions[f"theme_{theme.pk}"] = has_any_bit(
            "theme_bits", [theme_bit(pk) for pk in subtree]
        )
    for kind in ActorKind.values:
        bit = actor_kind_bit(kind)
        conditions[f"kind_{kind}"] = has_any_bit("actor_kind_bits", [bit])
    for level in Level.values:
        conditions[f"level_{level}"] = Q(implementing_level=level)
    conditions["with_metrics"] = Q(metric_count__gt=0)
    conditions["without_metrics"] = Q(metric_count=0)
    return conditions


def facet_counts(results, prefix_length, conditions):
    """Per region prefix: the total and the count of every facet condition.

    The counts of one query are kept in the cache (settings.FACET_CACHE_SECONDS; a
    shared Redis cache when GOVCASES_CACHE_URL is set), keyed by the library's
    version and the SQL itself, so servers behind one load balancer count a popular
    page once per change of the library rather than on every request.
    """
    aggregates = {name: Count("pk", filter=c) for name, c in conditions.items()}
    if prefix_length is None:  # one group: the whole list
        query = results.annotate(prefix=Value("")).values("prefix")
    else:
        query = results.annotate(prefix=Substr("region_path", 1, prefix_length)).values(
            "prefix"
        )
    return cached_rows(query.annotate(total=Count("pk"), **aggregates).order_by())


def cached_rows(query):
    """The rows of a counting query (a `.values()` queryset), from the cache when
    another request has just counted the same (keyed by its SQL and parameters)."""
    sql, params = query.query.sql_with_params()
    return kept("facets", (sql, params), lambda: rows_of(query, sql, params))


def rows_of(query, sql, params):
    """The rows `query` gives (dicts by the names `.values()` gives them, as its
    ValuesIterable names them), by running `sql`, its SQL as compiled for the key:
    compiling a counting query of sixty filtered counts again cost a few
    milliseconds a page (bench/README.md)."""
    inner = query.query
    names = [*inner.extra_select, *inner.values_select, *inner.annotation_select]
    with connections[query.db].cursor() as cursor:
        cursor.execute(sql, params)
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def toggle_url(params, name, value):
    """The query string with `value` added to, or removed from, parameter `name`."""
    query = params.copy()
    query.pop("page", None)
    values = query.getlist(name)
    value = str(value)
    if name in MULTI_VALUED:
        values = (
            [v for v in values if v != value] if value in values else values + [value]
        )
        query.setlist(name, values)
    elif values == [value]:
        query.pop(name)
    else:
        query[name] = value
    return "?" + query.urlencode()


def replace_param(params, name, value=None):
    """The query string with parameter `name` set to `value` (or removed)."""
    query = params.copy()
    query.pop("page", None)
    query.pop(name, None)
    if value is not None:
        query[name] = str(value)
    return "?" + query.urlencode()


def region_trail_links(params, trail):
    """Links up the chosen region's trail, keeping every other filter."""
    return [
        {
            "name": region.name,
            "name_en": region.name_en,
            "label": plain_name(region),
            "url": replace_param(params, "region", region.url_key),
        }
        for region in trail
    ]


def region_facet(groups, prefix_length, params, selected=None):
    """The regions one level below the chosen one (provinces at first), by count;
    then, without a link, the practices of the chosen region itself, so that the
    rows add up to the list."""
    counts = {
        g["prefix"]: g["total"] for g in groups if len(g["prefix"]) == prefix_length
    }
    regions = Region.objects.filter(path__in=list(counts)).only(
        "pk", "code", "name", "name_en", "path"
    )
    by_path = {region.path: region for region in regions}
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    items = [
        {
            "value": by_path[path].url_key,
            "name": by_path[path].name,
            "name_en": by_path[path].name_en,
            "label": plain_name(by_path[path]),
            "count": count,
            "toggle_url": toggle_url(params, "region", by_path[path].url_key),
            "selected": False,
        }
        for path, count in ordered
        if path in by_path
    ]
    own = sum(g["total"] for g in groups if selected and g["prefix"] == selected.path)
    if own:
        items.append(
            {
                "value": selected.url_key,
                "name": selected.name,
                "name_en": selected.name_en,
                "label": plain_name(selected),
                "count": own,
                "toggle_url": None,
                "selected": True,
                "itself": True,
            }
        )
    return items


def theme_facet(counts, params, themes):
    chosen = params.getlist("theme")
    return [
        {
            "value": theme.slug,
            "name": theme.name,
            "name_en": theme.name_en,
            "label": plain_name(theme),
            "count": counts[f"theme_{theme.pk}"],
            "toggle_url": toggle_url(params, "theme", theme.slug),
            "selected": theme.slug in chosen,
            "child": theme.parent_id is not None,
        }
        for theme in themes
        if counts.get(f"theme_{theme.pk}") or theme.slug in chosen
    ]


def flag_facets(counts, params):
    """Actor kinds, implementing levels and has-figures, from `flag_counts`."""

    def values(name, choices, key_prefix):
        chosen = params.getlist(name)
        return [
            {
                "value": value,
                "label": label,
                "count": counts[f"{key_prefix}{value}"],
                "toggle_url": toggle_url(params, name, value),
                "selected": value in chosen,
            }
            for value, label in choices
            if counts[f"{key_prefix}{value}"] or value in chosen
        ]

    current = params.get("has_metrics")
    has_metrics = [
        {
            "value": value,
            "label": label,
            "count": counts[key],
            "toggle_url": toggle_url(params, "has_metrics", value),
            "selected": current == value,
        }
        for value, label, key in (
            ("true", _("yes"), "with_metrics"),
            ("false", _("no"), "without_metrics"),
        )
    ]
    return {
        "actor_kind": values("actor_kind", ActorKind.choices, "kind_"),
        "level": values("level", Level.choices, "level_"),
        "has_metrics": has_metrics,
    }
