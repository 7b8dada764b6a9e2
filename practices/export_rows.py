"""Row producers for the exports: streamed in chunks, in the browse order.

Each producer takes `practices` (the filtered, ordered queryset) and a context
dict (`staff`, `base_url`). Practices are read with a server-side cursor
(`iterator(chunk_size=…)`); their themes, sources, steps, involvements and metrics
are fetched per chunk of practice ids, so memory stays flat however long the list.
"""

from itertools import islice

from django.db.models import Count
from django.urls import reverse

from .models import Involvement, Metric, Practice, Region, SourceDocument, Step

CHUNK = 2000
PRACTICE_FIELDS = [
    "pk", "slug", "title", "alias", "region_path", "implementing_level",
    "year_started", "step_count", "actor_count", "metric_count", "summary", "status",
]  # fmt: skip


def chunks(iterable, size=CHUNK):
    iterator = iter(iterable)
    while batch := list(islice(iterator, size)):
        yield batch


def region_columns():
    """{region path: (province, prefecture, county, code)} for every region."""
    regions = {
        r[0]: r for r in Region.objects.values_list("pk", "name", "level", "code")
    }
    columns = {}
    for path in Region.objects.values_list("path", flat=True):
        by_level = {"province": "", "prefecture": "", "county": ""}
        chain = [regions[int(seg)] for seg in path.strip("/").split("/")]
        for _, name, level, _ in chain:
            if level in by_level:
                by_level[level] = name
        columns[path] = (*by_level.values(), chain[-1][3] or "")
    return columns


def practice_rows(practices, context):
    regions = region_columns()
    detail_url = reverse("practices:detail", args=["SLUG"])
    rows = practices.values_list(*PRACTICE_FIELDS).iterator(chunk_size=CHUNK)
    for batch in chunks(rows):
        ids = [row[0] for row in batch]
        themes = _grouped(
            Practice.themes.through.objects, ids, "theme__slug", "theme_id"
        )
        sources = _sources(ids)
        for row in batch:
            (pk, slug, title, alias, path, level, year, steps, actors, metrics,
             summary, status) = row  # fmt: skip
            url = context.get("base_url", "") + detail_url.replace("SLUG", slug)
            yield [
                pk, slug, title, alias, *regions.get(path, ("", "", "", "")), level,
                "; ".join(themes.get(pk, [])), year, steps, actors, metrics, summary,
                "; ".join(sources.get(pk, [])), url,
                *([status] if context.get("staff") else []),
            ]  # fmt: skip


def _grouped(manager, ids, value_field, order_field):
    grouped = {}
    rows = manager.filter(practice_id__in=ids).order_by("practice_id", order_field)
    for practice_id, value in rows.values_list("practice_id", value_field):
        grouped.setdefault(practice_id, []).append(value)
    return grouped


def _sources(ids):
    through = Practice.sources.through
    links = list(
        through.objects.filter(practice_id__in=ids)
        .order_by("practice_id", "sourcedocument__slug")
        .values_list("practice_id", "sourcedocument_id")
    )
    documents = SourceDocument.objects.filter(pk__in={d for _, d in links})
    described = {
        pk: " | ".join(part for part in parts if part)
        for pk, *parts in documents.values_list(
            "pk", "title", "publication", "published_on"
        )
    }
    grouped = {}
    for practice_id, document_id in links:
        grouped.setdefault(practice_id, []).append(described[document_id])
    return grouped


def _practice_id_chunks(practices):
    return chunks(practices.values_list("pk", flat=True).iterator(chunk_size=CHUNK))


def step_rows(practices, context):
    for ids in _practice_id_chunks(practices):
        fields = ["pk", "practice_id", "parent_id", "position", "name", "description"]
        steps = Step.objects.filter(practice_id__in=ids).values_list(
            *fields, "source_quote"
        )
        by_practice = {}
        for step in steps:
            by_practice.setdefault(step[1], []).append(step)
        for practice_id in ids:
            yield from _tree_order(by_practice.get(practice_id, []))


def _tree_order(steps):
    """Steps depth-first by position, each with its depth inserted after position."""
    children = {}
    for step in steps:
        children.setdefault(step[2], []).append(step)

    def walk(parent_id, depth):
        for step in sorted(children.get(parent_id, []), key=lambda s: s[3]):
            yield [*step[:4], depth, *step[4:]]
            yield from walk(step[0], depth + 1)

    return walk(None, 1)


def _by_practice_in_order(queryset, ids, fields):
    rows = {}
    for row in queryset.filter(practice_id__in=ids).order_by("pk").values_list(*fields):
        rows.setdefault(row[0], []).append(row)
    for practice_id in ids:
        yield from rows.get(practice_id, [])


def involvement_rows(practices, context):
    fields = [
        "practice_id",
        "step_id",
        "actor_id",
        "actor__name",
        "actor__kind",
        "role",
    ]
    for ids in _practice_id_chunks(practices):
        yield from _by_practice_in_order(Involvement.objects, ids, fields)


def metric_rows(practices, context):
    fields = [
        "practice_id", "pk", "step_id", "name", "qualifier", "value", "value_max",
        "unit", "kind", "as_of", "source_quote",
    ]  # fmt: skip
    for ids in _practice_id_chunks(practices):
        for row in _by_practice_in_order(Metric.objects, ids, fields):
            practice_id, pk, step_id, name, qualifier, value, value_max, *rest = row
            yield [pk, practice_id, step_id, name, qualifier, _number(value),
                   _number(value_max), *rest]  # fmt: skip


def _number(value):
    if value is None:
        return ""
    return int(value) if value == value.to_integral_value() else value.normalize()


def actor_rows(practices, context):
    rows = (
        Involvement.objects.filter(practice__in=practices.order_by().values("pk"))
        .values_list(
            "actor_id", "actor__name", "actor__name_en", "actor__kind", "actor__level"
        )
        .annotate(practice_count=Count("practice_id", distinct=True))
        .order_by("actor__name")
    )
    yield from rows.iterator(chunk_size=CHUNK)
