"""Comparing 2–4 practices step by step: rows by what a step does (its function,
in the vocabulary's order), then each practice's remaining steps in order; each cell
the practice's steps with that function, who does them in which role, and their
time limits (in hours too, to compare). A row where some practices have no step is
a difference; so is a row whose time limits differ."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from practices.choices import MetricKind, StepFunction, StepKind
from practices.units import in_hours

from .selectors import practices_with_parts

MIN_COMPARED, MAX_COMPARED = 2, 4
OTHER = "other"


@dataclass
class Cell:
    steps: list = field(default_factory=list)  # [(step, [involvements], [limits])]

    @property
    def hours(self):
        return sorted(
            {h for _s, _i, limits in self.steps for m in limits if (h := m.hours)}
        )


@dataclass
class Row:
    key: str
    label: str
    cells: list

    @property
    def differs(self):
        present = [bool(cell.steps) for cell in self.cells]
        if len(set(present)) > 1:
            return True
        return len({tuple(cell.hours) for cell in self.cells}) > 1


def compared_practices(slugs):
    """(practices in the order asked, messages): published ones only, at most four."""
    messages = []
    wanted = list(dict.fromkeys(s for s in slugs if s))[: MAX_COMPARED + 1]
    if len(wanted) > MAX_COMPARED:
        messages.append(_("At most four practices are compared: the first four."))
        wanted = wanted[:MAX_COMPARED]
    found = {p.slug: p for p in practices_with_parts().filter(slug__in=wanted)}
    missing = [slug for slug in wanted if slug not in found]
    if missing:
        messages.append(
            _("No published practice %(slugs)s.") % {"slugs": "、".join(missing)}
        )
    return [found[slug] for slug in wanted if slug in found], messages


def comparison_rows(practices):
    """Rows for the practices: one per step function any of them has, in the
    vocabulary's order, then one for the steps without a function."""
    grouped = [_steps_by_function(practice) for practice in practices]
    rows = []
    for function, label in [*StepFunction.choices, (OTHER, _("other steps"))]:
        cells = [Cell(groups.get(function, [])) for groups in grouped]
        if any(cell.steps for cell in cells):
            rows.append(Row(function, label, cells))
    return rows


def _steps_by_function(practice):
    """{function: [(step, involvements, time limits)]}: the highest steps with each
    function (a sub-step repeating its parent's function is inside it); steps that
    are categories are left out, and stages without a function go to OTHER, top
    level only."""
    steps = {step.pk: step for step in practice.steps.all()}
    involvements, limits = {}, {}
    for involvement in practice.involvements.all():
        involvements.setdefault(involvement.step_id, []).append(involvement)
    for metric in practice.metrics.all():  # time limits first, then other figures
        metric.hours = None
        if metric.kind == MetricKind.TIME_LIMIT:
            metric.hours = in_hours(metric.value_max or metric.value, metric.unit)
        limits.setdefault(metric.step_id, []).append(metric)
    for figures in limits.values():
        figures.sort(key=lambda m: m.kind != MetricKind.TIME_LIMIT)
    groups, owner = {}, {}  # owner: step id -> the entry that shows it
    for step in _in_flow_order(steps):
        parent = steps.get(step.parent_id)
        function = step.function or (OTHER if parent is None else None)
        inside = owner.get(step.parent_id)
        if (
            step.kind == StepKind.CATEGORY
            or function is None
            or (parent is not None and parent.function == function)
        ):
            if inside is not None:  # its actors and limits count for its owner
                owner[step.pk] = inside
                _add(inside, involvements.get(step.pk, []), limits.get(step.pk, []))
            continue
        entry = (step, [], [])
        _add(entry, involvements.get(step.pk, []), limits.get(step.pk, []))
        owner[step.pk] = entry
        groups.setdefault(function, []).append(entry)
    return groups


def _add(entry, involvements, limits):
    _step, shown, shown_limits = entry
    seen = {(i.actor_id, i.role) for i in shown}
    shown += [i for i in involvements if (i.actor_id, i.role) not in seen]
    shown_limits += limits


def _in_flow_order(steps):
    children = {}
    for step in steps.values():
        children.setdefault(step.parent_id, []).append(step)

    def walk(parent_id):
        for step in sorted(children.get(parent_id, []), key=lambda s: s.position):
            yield step
            yield from walk(step.pk)

    return list(walk(None))


def comparison_csv_rows(practices, rows):
    """The comparison as a table: one row per function and practice."""
    yield ["function", "practice", "steps", "actors", "time_limits", "hours"]
    for row in rows:
        for practice, cell in zip(practices, row.cells, strict=True):
            yield [
                row.key,
                practice.slug,
                "; ".join(step.name for step, _i, _l in cell.steps),
                "; ".join(
                    f"{i.actor.name} ({i.role})"
                    for _s, involvements, _l in cell.steps
                    for i in involvements
                ),
                "; ".join(
                    m.source_quote
                    for _s, _i, ms in cell.steps
                    for m in ms
                    if m.kind == MetricKind.TIME_LIMIT
                ),
                "; ".join(f"{h:g}" for h in cell.hours),
            ]
