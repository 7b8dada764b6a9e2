"""Questions across the library, under the browse filters: every time limit in
hours by what its step does; who does what (actor kind × role × step function);
where (a tile grid of provinces) and when (year started), by theme. Each answer is
a table first; its chart (a server-drawn SVG) says the same."""

from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Substr
from django.utils.translation import gettext_lazy as _

from practices.choices import ActorKind, MetricKind, Role, StepFunction
from practices.models import Involvement, Metric, Region, Theme
from practices.units import HOURS

from .facets import facet_conditions
from .source_page import passage_link

NO_FUNCTION = "none"
SEGMENT = 7  # a province's part of a region path
TIME_LIMIT_SORTS = ("hours", "function", "practice")
MAX_TIME_LIMITS = 300  # rows shown; the filters narrow the list

# Provinces in their approximate places, as tiles (column, row): no boundary data,
# which would need a map approval number (审图号) to publish in China.
PROVINCE_TILES = {
    "黑龙江省": (8, 0), "新疆维吾尔自治区": (1, 1), "内蒙古自治区": (4, 1),
    "北京市": (6, 1), "吉林省": (8, 1), "甘肃省": (2, 2), "宁夏回族自治区": (3, 2),
    "山西省": (4, 2), "河北省": (5, 2), "天津市": (6, 2), "辽宁省": (7, 2),
    "西藏自治区": (1, 3), "青海省": (2, 3), "陕西省": (3, 3), "河南省": (4, 3),
    "山东省": (5, 3), "四川省": (2, 4), "重庆市": (3, 4), "湖北省": (4, 4),
    "安徽省": (5, 4), "江苏省": (6, 4), "上海市": (7, 4), "云南省": (2, 5),
    "贵州省": (3, 5), "湖南省": (4, 5), "江西省": (5, 5), "浙江省": (6, 5),
    "广西壮族自治区": (3, 6), "广东省": (4, 6), "福建省": (5, 6), "台湾省": (6, 6),
    "海南省": (4, 7), "香港特别行政区": (5, 7), "澳门特别行政区": (6, 7),
}  # fmt: skip


@dataclass
class TimeLimit:
    metric: object
    hours: float
    function: str
    passage_url: str


def hours_expression():
    """A time limit's hours in SQL (units.HOURS; a range counts its upper end)."""
    per_unit = Case(
        *[When(unit=unit, then=Value(hours)) for unit, hours in HOURS.items()],
        default=None,
        output_field=FloatField(),
    )
    amount = Cast(Coalesce("value_max", "value"), FloatField())
    return ExpressionWrapper(amount * per_unit, output_field=FloatField())


def time_limits(practices, sort="hours", limit=MAX_TIME_LIMITS):
    """(time limits, how many there are): the time-limit figures of `practices`
    (a queryset) with their hours, the first `limit` in the chosen order."""
    metrics = (
        Metric.objects.filter(kind=MetricKind.TIME_LIMIT, practice__in=practices)
        .annotate(hours=hours_expression())
        .select_related("practice", "step", "passage_source")
    )
    orders = {
        "hours": [F("hours").asc(nulls_last=True), "pk"],
        "function": [F("step__function").asc(nulls_last=True), "hours", "pk"],
        "practice": ["practice__title_pinyin", "hours", "pk"],
    }
    total = metrics.count()
    metrics = metrics.order_by(*orders.get(sort, orders["hours"]))[:limit]
    found = []
    for metric in metrics:
        hours = metric.hours
        function = (metric.step and metric.step.function) or NO_FUNCTION
        sources = {metric.passage_source_id: metric.passage_source}
        url = passage_link(metric, "figure", sources) if metric.passage_source else ""
        found.append(TimeLimit(metric, hours, function, url))
    if sort == "function":  # the vocabulary's order, not the codes' alphabet
        order = list(StepFunction.values) + [NO_FUNCTION]
        found.sort(key=lambda t: order.index(t.function))
    return found, total


def function_label(function):
    if function == NO_FUNCTION:
        return _("function not stated")
    return StepFunction(function).label


def role_matches(practices, kind="", role="", function=""):
    """Involvements in steps of `practices` matching actor kind, role and step
    function (each optional), with their steps' quotes."""
    found = Involvement.objects.filter(practice__in=practices, step__isnull=False)
    if kind in ActorKind.values:
        found = found.filter(actor__kind=kind)
    if role in Role.values:
        found = found.filter(role=role)
    if function in StepFunction.values:
        found = found.filter(step__function=function)
    return found.select_related("practice", "step__passage_source", "actor").order_by(
        "practice__title_pinyin", "step__position", "pk"
    )


def role_matrix(practices):
    """[(kind, label, [(role, label, count)])]: involvements by actor kind and role."""
    counts = {
        (row["actor__kind"], row["role"]): row["n"]
        for row in Involvement.objects.filter(practice__in=practices)
        .values("actor__kind", "role")
        .annotate(n=Count("pk"))
        .order_by()
    }
    return [
        (kind, label, [(role, role_label, counts.get((kind, role), 0))
                       for role, role_label in Role.choices])
        for kind, label in ActorKind.choices
        if any(counts.get((kind, role)) for role in Role.values)
    ]  # fmt: skip


def province_tiles(practices):
    """[(region, count, column, row)] for every province, counts under the filters."""
    counts = {
        row["prefix"]: row["n"]
        for row in practices.order_by()
        .annotate(prefix=Substr("region_path", 1, SEGMENT))
        .values("prefix")
        .annotate(n=Count("pk"))
    }
    tiles = []
    provinces = Region.objects.filter(depth=1).only(
        "pk", "code", "name", "name_en", "path"
    )
    for region in provinces:
        place = PROVINCE_TILES.get(region.name)
        if place:
            tiles.append((region, counts.get(region.path, 0), *place))
    return tiles


def counts_by_year(practices):
    return list(
        practices.order_by()
        .exclude(year_started=None)
        .values_list("year_started")
        .annotate(n=Count("pk"))
        .order_by("year_started")
    )


def counts_by_theme(practices):
    """[(theme, count)]: a theme counts the practices of the themes below it too."""
    themes = list(Theme.objects.order_by("pk"))
    conditions = facet_conditions(themes)  # the facets' own: a theme and those below
    aggregates = {
        f"theme_{theme.pk}": Count("pk", filter=conditions[f"theme_{theme.pk}"])
        for theme in themes
    }
    counts = practices.order_by().aggregate(**aggregates) if themes else {}
    return [(theme, counts.get(f"theme_{theme.pk}", 0)) for theme in themes]
