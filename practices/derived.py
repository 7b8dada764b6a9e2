"""Fields derived from a practice's parts, kept on the practice row so that browse
filters, facets and exports read one narrow index: region path, theme and actor-kind
bit sets, counts of steps, actors and metrics; its search text and tokens, kept
in PracticeSearch; where each quote stands in its source (passages.py); and each
step's depth and place in the reading order (store.moved_in_tree). Every write path
calls refresh_derived_fields inside its transaction."""

from dataclasses import dataclass

from django.db import transaction

from .choices import ActorKind
from .library_version import library_changed
from .models import Metric, Practice, PracticeSearch, Region, Step
from .passages import PASSAGE_FIELDS, moved_passages
from .search_text import practice_search_fields, stored_own_sections
from .store import moved_in_tree, tree_places

MAX_THEME_ID = 62  # theme_bits is a signed 64-bit integer


def theme_bit(theme_id):
    """The bit of a theme in Practice.theme_bits (the taxonomy is small)."""
    if not 1 <= theme_id <= MAX_THEME_ID:
        raise ValueError(f"theme id {theme_id}: theme_bits holds ids 1…{MAX_THEME_ID}")
    return 1 << (theme_id - 1)


def actor_kind_bit(kind):
    return ACTOR_KIND_BITS[kind]


ACTOR_KIND_BITS = {kind: 1 << index for index, kind in enumerate(ActorKind.values)}


def bit_set(bits):
    result = 0
    for bit in bits:
        result |= bit
    return result


@dataclass(frozen=True)
class PracticeParts:
    """What a practice's derived fields are computed from: its themes, steps,
    involvements (with their actors), figures and sources, stored (`prefetched`) or
    about to be stored (store.create_practices)."""

    themes: list
    steps: list
    involvements: list
    metrics: list
    sources: list

    @classmethod
    def prefetched(cls, practice):
        return cls(
            themes=list(practice.themes.all()),
            steps=list(tree_places(practice.steps.all()).values()),  # in tree order
            involvements=list(practice.involvements.all()),
            metrics=list(practice.metrics.all()),
            sources=list(practice.sources.all()),
        )


def derived_fields(practice, parts, region_names, own=None):
    """(fields of the practice row, fields of its PracticeSearch) from its `parts`;
    `region_names`: its region's and those above it, top down; `own`: its
    search_text.OwnSections where worked out already (search_ahead.py)."""
    own = own or stored_own_sections(practice, parts)
    search = practice_search_fields(practice, parts, region_names, own)
    kinds = (i.actor.kind for i in parts.involvements)
    row = {
        "region_path": practice.region.path,
        "search_title": search.pop("search_title"),
        "title_pinyin": own.title_pinyin,
        "theme_bits": bit_set(theme_bit(t.pk) for t in parts.themes),
        "actor_kind_bits": bit_set(actor_kind_bit(kind) for kind in kinds),
        "step_count": len(parts.steps),
        "actor_count": len({i.actor_id for i in parts.involvements}),
        "metric_count": len(parts.metrics),
    }
    return row, search


CHUNK = 500  # practices read, compared and written at a time


def refresh_derived_fields(practices):
    """Recompute the derived fields of `practices` (a queryset of Practice), CHUNK
    practices at a time (each chunk in its own transaction, or savepoint inside the
    caller's), writing only the rows whose values change: a refresh that finds
    nothing to do writes nothing, so it neither bloats the tables nor moves the
    library's version. Returns the number of practices that changed."""
    ids = list(practices.order_by("pk").values_list("pk", flat=True))
    changed = 0
    for start in range(0, len(ids), CHUNK):
        with transaction.atomic():
            changed += refresh_chunk(ids[start : start + CHUNK])
    if changed:
        library_changed()  # rows change by bulk updates, which send no signal
    return changed


ROW_FIELDS = [
    "region_path", "search_title", "title_pinyin", "theme_bits", "actor_kind_bits",
    "step_count", "actor_count", "metric_count",
]  # fmt: skip
SEARCH_FIELDS = ["text", "tokens"]
TREE_FIELDS = ["depth", "tree_order"]


def refresh_chunk(ids):
    practices = (
        Practice.objects.filter(pk__in=ids)
        .select_related("region")
        .prefetch_related(
            "themes", "steps", "involvements__actor", "metrics", "sources"
        )
    )
    searches = {
        s.practice_id: s for s in PracticeSearch.objects.filter(practice_id__in=ids)
    }
    practices = list(practices)
    names = Region.objects.names_by_path(p.region.path for p in practices)
    rows, changed_searches, new_searches, changed = [], [], [], set()
    moved = {Step: [], Metric: []}
    misplaced = []  # steps whose depth or reading order is stale
    for practice in practices:
        parts = PracticeParts.prefetched(practice)
        row, search = derived_fields(practice, parts, names[practice.region.path])
        if assign(practice, row):
            rows.append(practice)
            changed.add(practice.pk)
        stored = searches.get(practice.pk)
        if stored is None:
            new_searches.append(PracticeSearch(practice_id=practice.pk, **search))
            changed.add(practice.pk)
        elif assign(stored, search):
            changed_searches.append(stored)
            changed.add(practice.pk)
        for item in moved_passages(parts):
            moved[type(item)].append(item)
            changed.add(practice.pk)
        for step in moved_in_tree(parts.steps):
            misplaced.append(step)
            changed.add(practice.pk)
    Practice.objects.bulk_update(rows, ROW_FIELDS)
    PracticeSearch.objects.bulk_update(changed_searches, SEARCH_FIELDS)
    PracticeSearch.objects.bulk_create(new_searches)
    for model, items in moved.items():
        model.objects.bulk_update(items, PASSAGE_FIELDS)
    Step.objects.bulk_update(misplaced, TREE_FIELDS)
    return len(changed)


def assign(instance, values):
    """Set `values` on `instance`; whether any differed."""
    differs = False
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            differs = True
    return differs
