"""Row producers for the exports: streamed in chunks, in the browse order.

Each producer takes `practices` (the filtered, ordered queryset) and a context
dict (`staff`, `base_url`). Practices are read with a server-side cursor
(`iterator(chunk_size=…)`); their themes, sources, steps, involvements and metrics
are fetched per chunk of practice ids, so memory stays flat however long the list.
"""

from itertools import groupby, islice
from operator import itemgetter

from django.db.models import Count
from django.urls import reverse

from practices.choices import RegionChange
from practices.derived import theme_bit
from practices.models import FormerRegion, Involvement, Metric, Region, Step, Theme
from practices.units import unit_in_english

CHUNK = 2000
PRACTICE_FIELDS = [
    "pk", "slug", "title", "alias", "region_path", "implementing_level",
    "year_started", "step_count", "actor_count", "metric_count", "summary", "status",
    "theme_bits",
]  # fmt: skip
SOURCE_FIELDS = ["sources__title", "sources__publication", "sources__published_on"]


def chunks(iterable, size=CHUNK):
    iterator = iter(iterable)
    while batch := list(islice(iterator, size)):
        yield batch


def region_columns(practices):
    """{region path: (province, prefecture, county, township, code, former codes)}
    for the regions `practices` sit in, in three queries however many there are."""
    paths = set(practices.order_by().values_list("region_path", flat=True).distinct())
    pks = {int(seg) for path in paths for seg in path.strip("/").split("/") if seg}
    regions = {
        r[0]: r
        for r in Region.objects.filter(pk__in=pks).values_list(
            "pk", "name", "level", "code"
        )
    }
    former = {}
    for successor, code in (
        FormerRegion.objects.filter(successor__in=pks, relation=RegionChange.RENAMED)
        .exclude(old_code="")
        .order_by("old_code")
        .values_list("successor_id", "old_code")
    ):
        former.setdefault(successor, []).append(code)
    columns = {}
    for path in paths:
        by_level = dict.fromkeys(("province", "prefecture", "county", "township"), "")
        chain = [regions[int(seg)] for seg in path.strip("/").split("/")]
        for _, name, level, _ in chain:
            if level in by_level:
                by_level[level] = name
        own = chain[-1]
        columns[path] = (
            *by_level.values(),
            own[3] or "",
            "; ".join(former.get(own[0], [])),
        )
    return columns


def practice_rows(practices, context):
    """One streamed query: each practice joined with its sources, one row per source
    (consecutive, as the order ends with the source), folded into one CSV row.
    Themes come from the row's theme bit set, regions from its path."""
    regions = region_columns(practices)
    themes = ThemeSlugs()
    url_prefix = context.get("base_url", "") + reverse("browse:browse")
    staff = context.get("staff", False)
    ordering = [*practices.query.order_by, "sources__slug"]
    rows = (
        practices.order_by(*ordering)
        .values_list(*PRACTICE_FIELDS, *SOURCE_FIELDS)
        .iterator(chunk_size=CHUNK)
    )
    width = len(PRACTICE_FIELDS)
    for _, group in groupby(rows, key=itemgetter(0)):
        first, *more = group
        (pk, slug, title, alias, path, level, year, steps, actors, metrics, summary,
         status, theme_bits) = first[:width]  # fmt: skip
        sources = "; ".join(_source_text(row[width:]) for row in (first, *more)
                            if row[width] is not None)  # fmt: skip
        row = [
            pk, slug, title, alias, *regions.get(path, EMPTY_REGION), level,
            themes[theme_bits], year, steps, actors, metrics, summary, sources,
            f"{url_prefix}{slug}/",
        ]  # fmt: skip
        if staff:
            row.append(status)
        yield row


EMPTY_REGION = ("", "", "", "", "", "")


class ThemeSlugs(dict):
    """theme_bits → "slug; slug", worked out once per distinct bit set."""

    def __init__(self):
        super().__init__()
        self.bits = [
            (theme_bit(pk), slug)
            for pk, slug in Theme.objects.order_by("pk").values_list("pk", "slug")
        ]

    def __missing__(self, bits):
        self[bits] = "; ".join(slug for bit, slug in self.bits if bits & bit)
        return self[bits]


def _source_text(parts):
    """title | publication | date, each part in its place (empty where not printed)."""
    return " | ".join(part or "" for part in parts)


def practice_id_chunks(practices, size=CHUNK):
    ids = practices.values_list("pk", flat=True).iterator(chunk_size=size)
    return chunks(ids, size)


def step_rows(practices, context):
    """Steps in their practice's reading order (stored with each step)."""
    fields = ["pk", "practice_id", "parent_id", "position", "depth", "name"]
    fields += ["description", "function", "kind", "source_quote"]
    for ids in practice_id_chunks(practices):
        yield from _by_practice_in_order(Step.objects, ids, fields, "tree_order")


def _by_practice_in_order(queryset, ids, fields, order="pk"):
    """The rows (`fields`, practice_id among them) of the practices `ids`, practice
    by practice in that order, each practice's rows by `order`."""
    rows, at = {}, fields.index("practice_id")
    for row in (
        queryset.filter(practice_id__in=ids).order_by(order).values_list(*fields)
    ):
        rows.setdefault(row[at], []).append(row)
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
    for ids in practice_id_chunks(practices):
        yield from _by_practice_in_order(Involvement.objects, ids, fields)


def metric_rows(practices, context):
    fields = [
        "practice_id", "pk", "step_id", "name", "qualifier", "value", "value_max",
        "unit", "kind", "nature", "period", "period_text", "period_start", "as_of",
        "source_quote",
    ]  # fmt: skip
    for ids in practice_id_chunks(practices):
        for row in _by_practice_in_order(Metric.objects, ids, fields):
            (practice_id, pk, step_id, name, qualifier, value, value_max, unit,
             *rest) = row  # fmt: skip
            yield [pk, practice_id, step_id, name, qualifier, _number(value),
                   _number(value_max), unit, unit_in_english(unit) or "",
                   *rest]  # fmt: skip


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
