"""Fields derived from a practice's parts, kept on the practice row so that browse
filters, facets and exports read one narrow index: region path, theme and actor-kind
bit sets, counts of steps, actors and metrics; its search text and tokens, kept
in PracticeSearch; and where each quote stands in its source (passages.py). Every
write path calls refresh_derived_fields inside its transaction."""

from .choices import ActorKind
from .folding import pinyin_sort_key
from .library_version import library_changed
from .models import Practice, PracticeSearch
from .passages import place_passages
from .search import practice_search_fields

MAX_THEME_ID = 62  # theme_bits is a signed 64-bit integer


def theme_bit(theme_id):
    """The bit of a theme in Practice.theme_bits (the taxonomy is small)."""
    if not 1 <= theme_id <= MAX_THEME_ID:
        raise ValueError(f"theme id {theme_id}: theme_bits holds ids 1…{MAX_THEME_ID}")
    return 1 << (theme_id - 1)


def actor_kind_bit(kind):
    return 1 << ActorKind.values.index(kind)


def bit_set(bits):
    result = 0
    for bit in bits:
        result |= bit
    return result


def derived_fields(practice):
    """(fields of the practice row, fields of its PracticeSearch), parts prefetched."""
    involvements = list(practice.involvements.all())
    search = practice_search_fields(practice)
    row = {
        "region_path": practice.region.path,
        "search_title": search.pop("search_title"),
        "title_pinyin": pinyin_sort_key(practice.title),
        "theme_bits": bit_set(theme_bit(t.pk) for t in practice.themes.all()),
        "actor_kind_bits": bit_set(actor_kind_bit(i.actor.kind) for i in involvements),
        "step_count": len(practice.steps.all()),
        "actor_count": len({i.actor_id for i in involvements}),
        "metric_count": len(practice.metrics.all()),
    }
    return row, search


def refresh_derived_fields(practices):
    """Recompute the derived fields of `practices` (a queryset of Practice)."""
    practices = practices.select_related("region").prefetch_related(
        "themes", "steps", "involvements__actor", "metrics", "sources"
    )
    library_changed()  # rows below change by update(), which sends no signal
    for practice in practices:
        row, search = derived_fields(practice)
        Practice.objects.filter(pk=practice.pk).update(**row)
        PracticeSearch.objects.update_or_create(practice=practice, defaults=search)
        place_passages(practice)
