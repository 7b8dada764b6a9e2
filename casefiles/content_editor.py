"""The content editor's rows: a practice's steps, figures and actors as one ordered
list an editor works through beside the source (admin_content.py).

A row is a step (with its depth in the tree), a figure or an involvement; a figure
or involvement belongs to the step row above it (or, above every step, to the
practice). So the tree is the rows' order and depths: no positions are typed, and
a new step can be a parent and carry figures in the same save. The rows become the
practice's part of a case file, which goes through the same checks and write
service as an import (loader.py), so every rule holds here too.
"""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from .preview_tree import owner_of

STEP_FIELDS = ["name", "description", "source_quote", "function", "kind"]
METRIC_FIELDS = [
    "name", "kind", "nature", "qualifier", "value", "value_max", "unit", "period",
    "period_text", "period_start", "as_of", "source_quote",
]  # fmt: skip
INVOLVEMENT_FIELDS = ["actor", "role"]
FIELDS = {
    "step": STEP_FIELDS,
    "metric": METRIC_FIELDS,
    "involvement": INVOLVEMENT_FIELDS,
}
# The fields an editor types: a row with none of them is blank.
TYPED = {
    "step": ["name", "description", "source_quote"],
    "metric": ["name", "value", "value_max", "unit", "source_quote"],
    "involvement": ["actor"],
}
MAX_ROWS = 2000


@dataclass
class Row:
    type: str
    depth: int = 1
    values: dict = field(default_factory=dict)
    path: str = ""  # where the row stands in the case file, for its errors
    errors: list = field(default_factory=list)

    @property
    def v(self):  # the values, for templates: row.v.name
        return self.values


def rows_from_practice(data):
    """The rows of a practice dict (case-file shape), in reading order."""
    rows = _part_rows(data, 0)
    for step in data.get("steps", []):
        rows += _step_rows(step, 1)
    return rows


def _step_rows(step, depth):
    values = {name: step.get(name, "") for name in STEP_FIELDS}
    rows = [Row("step", depth, values)]
    rows += _part_rows(step, depth)
    for child in step.get("steps", []):
        rows += _step_rows(child, depth + 1)
    return rows


def _part_rows(owner, depth):
    rows = []
    for metric in owner.get("metrics", []):
        values = {name: metric.get(name, "") for name in METRIC_FIELDS}
        for name in ("value", "value_max"):
            values[name] = "" if metric.get(name) is None else str(metric[name])
        rows.append(Row("metric", depth, values))
    for involvement in owner.get("involvements", []):
        rows.append(Row("involvement", depth, dict(involvement)))
    return rows


def rows_from_post(post):
    """The rows an editor posted (rows-<n>-<field>, in n order), deleted ones left
    out; blank new rows are ignored."""
    try:
        total = min(int(post.get("rows-TOTAL", 0)), MAX_ROWS)
    except ValueError:
        total = 0
    rows = []
    for index in range(total):
        prefix = f"rows-{index}-"
        kind = post.get(prefix + "type")
        if kind not in FIELDS or post.get(prefix + "delete"):
            continue
        values = {name: post.get(prefix + name, "").strip() for name in FIELDS[kind]}
        if not any(values[name] for name in TYPED[kind]):
            continue  # a blank row (its menus hold defaults)
        try:
            depth = max(1, int(post.get(prefix + "depth", 1)))
        except ValueError:
            depth = 1
        rows.append(Row(kind, depth, values))
    return rows


def practice_parts(rows):
    """(steps, metrics, involvements) of the practice the rows describe; each row
    gets its `path`, and a number that is not one an error."""
    top = {"steps": [], "metrics": [], "involvements": []}
    trail = []  # (depth, step dict, path) from the top step down to the current one
    for row in rows:
        if row.type == "step":
            depth = min(row.depth, len(trail) + 1)
            trail = trail[: depth - 1]
            siblings = trail[-1][1]["steps"] if trail else top["steps"]
            base = trail[-1][2] if trail else "practices[0]"
            row.path = f"{base}.steps[{len(siblings)}]"
            step = _compact(row.values, STEP_FIELDS)
            step.update(steps=[], metrics=[], involvements=[])
            siblings.append(step)
            trail.append((depth, step, row.path))
            row.depth = depth
            continue
        owner, base = (trail[-1][1], trail[-1][2]) if trail else (top, "practices[0]")
        key = "metrics" if row.type == "metric" else "involvements"
        row.path = f"{base}.{key}[{len(owner[key])}]"
        row.depth = len(trail)
        owner[key].append(_part(row))
    return top["steps"], top["metrics"], top["involvements"]


def _part(row):
    if row.type == "involvement":
        return _compact(row.values, INVOLVEMENT_FIELDS)
    metric = _compact(row.values, METRIC_FIELDS)
    for name in ("value", "value_max"):
        if name in metric:
            number = _number(metric[name])
            if number is None:
                row.errors.append((name, _("Enter a number, such as 3 or 2.5.")))
                metric.pop(name)
            else:
                metric[name] = number
    return metric


def _number(text):
    try:
        value = Decimal(str(text).replace(",", ""))
    except InvalidOperation:
        return None
    if not value.is_finite():
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _compact(values, names):
    return {name: values[name] for name in names if values.get(name) not in ("", None)}


def attach_errors(rows, errors):
    """Each (path, message) on the row whose path it falls under; the others back."""
    loose, by_path = [], {row.path: row for row in rows}
    for path, message in errors:
        owner = owner_of(path, by_path)
        if owner is None:
            loose.append((path, message))
        else:
            owner.errors.append((path[len(owner.path) + 1 :], message))
    return loose
