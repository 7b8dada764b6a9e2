"""A practice as a plain dict in the case-file format (docs/case-file.md): its fields,
nested steps, involvements and figures with their quotes. The case-file export, the
import preview and the write service all compare and store practices in this shape."""

from decimal import Decimal

from django.db.models import Prefetch

from .choices import StepKind
from .models import Involvement, Metric, Practice, Region, Step, name_path

METRIC_KEYS = [
    "name", "value", "value_max", "qualifier", "unit", "kind", "nature", "period",
    "period_text", "period_start", "as_of",
]  # fmt: skip


def practice_to_dict(practice, region_name=None, parts=None):
    """One practice as a case-file entry. `region_name`, the region's full name,
    saves a query when known. Its parts are read from `with_parts` prefetching, or
    given: `parts` has the practice's themes (by id), sources, steps, involvements and
    metrics (derived.PracticeParts), as store_many has them just written."""
    if parts is None:
        parts = _Prefetched(practice)
    children = {}
    for step in parts.steps:
        children.setdefault(step.parent_id, []).append(step)
    by_step = {"involvements": {}, "metrics": {}}
    for name, grouped in by_step.items():
        for part in getattr(parts, name):
            grouped.setdefault(part.step_id, []).append(part)
    data = {
        "slug": practice.slug,
        "title": practice.title,
        "alias": practice.alias,
        "region": region_name or practice.region.full_name,
        "implementing_level": practice.implementing_level,
        "summary": practice.summary,
        "problem": practice.problem,
        "outcomes": practice.outcomes,
        "themes": [t.slug for t in parts.themes],
        "year_started": practice.year_started,
        "status": practice.status,
        "sources": sorted(s.slug for s in parts.sources),
        "steps": _steps(None, children, by_step),
    }
    data.update(_parts_of(None, by_step))
    return compact(data)


class _Prefetched:
    """A practice's parts as `with_parts` prefetched them."""

    def __init__(self, practice):
        self.themes = practice.themes.all()
        self.sources = practice.sources.all()
        self.steps = practice.steps.all()
        self.involvements = practice.involvements.all()
        self.metrics = practice.metrics.all()


SNAPSHOT_BATCH = 500


def snapshots(ids):
    """(practice, its dict) for the practices with primary keys `ids`, in their
    order, read SNAPSHOT_BATCH at a time with their parts and region names."""
    ids = list(ids)
    for start in range(0, len(ids), SNAPSHOT_BATCH):
        batch = ids[start : start + SNAPSHOT_BATCH]
        found = with_parts(Practice.objects.filter(pk__in=batch)).in_bulk()
        names = Region.objects.names_by_path(p.region.path for p in found.values())
        for pk in batch:
            practice = found[pk]
            yield (
                practice,
                practice_to_dict(practice, name_path(names[practice.region.path])),
            )


def canonical_number(value):
    """12000 for Decimal('12000.0000'), 98.5 for Decimal('98.5000')."""
    value = Decimal(str(value))
    return (
        int(value) if value == value.to_integral_value() else float(value.normalize())
    )


def with_parts(practices):
    if not hasattr(practices, "prefetch_related"):
        practices = Practice.objects.filter(pk__in=[p.pk for p in practices])
    return practices.select_related("region").prefetch_related(
        "themes",
        "sources",
        Prefetch("steps", Step.objects.order_by("parent_id", "position", "pk")),
        Prefetch("involvements", Involvement.objects.select_related("actor")),
        Prefetch("metrics", Metric.objects.order_by("pk")),
    )


def _steps(parent_id, children, parts):
    result = []
    for step in sorted(children.get(parent_id, []), key=lambda s: s.position):
        data = {
            "name": step.name,
            "description": step.description,
            "source_quote": step.source_quote,
            "function": step.function,
            # A stage is the default: only the other kinds are written out.
            "kind": "" if step.kind == StepKind.STAGE else step.kind,
        }
        data.update(_parts_of(step.pk, parts))
        data["steps"] = _steps(step.pk, children, parts)
        result.append(compact(data))
    return result


def _parts_of(step_id, parts):
    involvements = sorted(parts["involvements"].get(step_id, []), key=lambda i: i.pk)
    metrics = sorted(parts["metrics"].get(step_id, []), key=lambda m: m.pk)
    return {
        "involvements": [{"actor": i.actor.name, "role": i.role} for i in involvements],
        "metrics": [_metric(m) for m in metrics],
    }


def _metric(metric):
    data = {key: getattr(metric, key) for key in METRIC_KEYS}
    data["value"] = canonical_number(metric.value)
    if metric.value_max is not None:
        data["value_max"] = canonical_number(metric.value_max)
    if data["qualifier"] == "exact":
        del data["qualifier"]
    data["source_quote"] = metric.source_quote
    return compact(data)


def compact(data):
    """Leave out empty optional values, as a hand-written case file would."""
    return {k: v for k, v in data.items() if v not in (None, "", [])}
