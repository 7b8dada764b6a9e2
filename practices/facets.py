"""Facet counts for the current browse query, in Datasette's shape.

Each facet value is a dict: value, label, count, toggle_url, selected. Counts are
over the filtered list (every filter applied), one query per facet.
"""

from django.db.models import Count, Q
from django.db.models.functions import Substr
from django.utils.translation import gettext_lazy as _

from .choices import ActorKind, Level
from .models import Practice, Region, Theme

SEGMENT = 7  # one "000018/" segment of Region.path
MULTI_VALUED = ("theme", "actor_kind", "level")


def practice_facets(filterset, params):
    results = filterset.qs.order_by()
    data = filterset.form.cleaned_data
    return {
        "region": region_facet(results, data.get("region"), params),
        "theme": theme_facet(results, params),
        **flag_facets(results, params),
    }


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
        {"label": region.name, "url": replace_param(params, "region", region.pk)}
        for region in trail
    ]


def region_facet(results, selected, params):
    """Provinces; or, with a region chosen, the regions one level below it."""
    depth = selected.depth + 1 if selected else 1
    prefix_length = SEGMENT * depth
    rows = (
        results.annotate(prefix=Substr("region_path", 1, prefix_length))
        .values("prefix")
        .annotate(n=Count("pk"))
        .order_by("-n", "prefix")
    )
    counts = {
        row["prefix"]: row["n"] for row in rows if len(row["prefix"]) == prefix_length
    }
    regions = Region.objects.filter(path__in=list(counts)).only("pk", "name", "path")
    by_path = {region.path: region for region in regions}
    return [
        {
            "value": by_path[path].pk,
            "label": by_path[path].name,
            "count": count,
            "toggle_url": toggle_url(params, "region", by_path[path].pk),
            "selected": False,
        }
        for path, count in counts.items()
        if path in by_path
    ]


def theme_facet(results, params):
    through = Practice.themes.through
    counts = dict(
        through.objects.filter(practice__in=results.values("pk"))
        .values("theme_id")
        .annotate(n=Count("practice_id"))
        .values_list("theme_id", "n")
    )
    chosen = params.getlist("theme")
    return [
        {
            "value": theme.slug,
            "label": theme.name,
            "count": counts.get(theme.pk, 0),
            "toggle_url": toggle_url(params, "theme", theme.slug),
            "selected": theme.slug in chosen,
        }
        for theme in Theme.objects.order_by("pk")
        if counts.get(theme.pk) or theme.slug in chosen
    ]


def flag_facets(results, params):
    """Actor kinds, implementing levels and has-figures, in one aggregate query."""
    aggregates = {
        f"kind_{kind}": Count("pk", filter=Q(actor_kinds__contains=f"|{kind}|"))
        for kind in ActorKind.values
    }
    aggregates.update(
        {
            f"level_{level}": Count("pk", filter=Q(implementing_level=level))
            for level in Level.values
        }
    )
    aggregates["with_metrics"] = Count("pk", filter=Q(metric_count__gt=0))
    aggregates["without_metrics"] = Count("pk", filter=Q(metric_count=0))
    counts = results.aggregate(**aggregates)

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
