"""Fields derived from a practice's parts, kept on the practice row so that browse
filters, facets, search and exports read one table: region path, search text and
tokens, actor kinds, and counts of steps, actors and metrics."""

from .models import Practice
from .search import practice_search_fields


def derived_fields(practice):
    """The derived fields of one practice (its parts prefetched)."""
    involvements = list(practice.involvements.all())
    kinds = sorted({i.actor.kind for i in involvements})
    return {
        **practice_search_fields(practice),
        "region_path": practice.region.path,
        "actor_kinds": "".join(f"|{kind}" for kind in kinds) + ("|" if kinds else ""),
        "step_count": len(practice.steps.all()),
        "actor_count": len({i.actor_id for i in involvements}),
        "metric_count": len(practice.metrics.all()),
    }


def refresh_derived_fields(practices):
    """Recompute the derived fields of `practices` (a queryset of Practice)."""
    practices = practices.select_related("region").prefetch_related(
        "themes", "steps", "involvements__actor", "metrics"
    )
    for practice in practices:
        Practice.objects.filter(pk=practice.pk).update(**derived_fields(practice))
