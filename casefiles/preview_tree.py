"""What the import preview shows of a case file's content: each practice's steps as a
tree with their quotes, figures and actors, every error beside the item it concerns
(by its path), and the paths an editor may drop before confirming (`drop_paths`)."""

import copy
import re
from dataclasses import dataclass, field

from practices.choices import MetricKind, Qualifier, Role, StepKind

PATH_PART = re.compile(r"(\w+)\[(\d+)\]")
PATH_TAIL = re.compile(r"(\.[^.\[]*|\[\d+\])$")  # .value, .steps or [2]


@dataclass
class Item:
    """A step, figure or involvement of the file, at `path`."""

    path: str
    kind: str  # "step", "metric", "involvement"
    data: dict
    errors: list = field(default_factory=list)
    steps: list = field(default_factory=list)
    metrics: list = field(default_factory=list)
    involvements: list = field(default_factory=list)

    @property
    def value_text(self):
        """A figure's value as the editor wrote it: "至多 3~15 工作日"."""
        data = self.data
        qualifier = data.get("qualifier", Qualifier.EXACT)
        words = ""
        if qualifier != Qualifier.EXACT:
            words = f"{_label(Qualifier, qualifier)} "
        amount = str(data.get("value", ""))
        if data.get("value_max") is not None:
            amount += f"~{data['value_max']}"
        return f"{words}{amount} {data.get('unit', '')}".strip()

    @property
    def label(self):
        if self.kind == "involvement":
            return _label(Role, self.data.get("role", ""))
        if self.kind == "metric":
            return _label(MetricKind, self.data.get("kind", ""))
        return _label(StepKind, self.data.get("kind") or StepKind.STAGE)


@dataclass
class PracticeView:
    path: str
    data: dict
    plan: object = None
    errors: list = field(default_factory=list)
    steps: list = field(default_factory=list)
    metrics: list = field(default_factory=list)
    involvements: list = field(default_factory=list)


def preview_tree(preview):
    """(practice views, errors that belong to no item of a practice)."""
    document = preview.document or {}
    plans = {plan.data.get("slug"): plan for plan in preview.practices}
    views, nodes = [], {}
    for index, data in enumerate(document.get("practices") or []):
        if not isinstance(data, dict):
            continue
        view = PracticeView(f"practices[{index}]", data, plans.get(data.get("slug")))
        nodes[view.path] = view
        _fill(view, data, view.path, nodes)
        views.append(view)
    loose = []
    for path, message in preview.errors:
        owner = owner_of(path, nodes)
        (owner.errors if owner else loose).append((path, message))
    return views, loose


def _fill(owner, data, path, nodes):
    for key, kind in (("steps", "step"), ("metrics", "metric")):
        for index, entry in enumerate(data.get(key) or []):
            if not isinstance(entry, dict):
                continue
            item = Item(f"{path}.{key}[{index}]", kind, entry)
            nodes[item.path] = item
            getattr(owner, key).append(item)
            if kind == "step":
                _fill(item, entry, item.path, nodes)
    for index, entry in enumerate(data.get("involvements") or []):
        if isinstance(entry, dict):
            item = Item(f"{path}.involvements[{index}]", "involvement", entry)
            nodes[item.path] = item
            owner.involvements.append(item)


def owner_of(path, by_path):
    """The deepest item of {path: item} that `path` falls under: for an error at
    practices[0].steps[1].metrics[0].value, the figure; None if none."""
    while path not in by_path:
        shorter = PATH_TAIL.sub("", path)
        if shorter == path:
            return None
        path = shorter
    return by_path[path]


def drop_paths(document, paths):
    """A copy of `document` without the steps, figures and involvements at `paths`
    (as the preview names them: practices[0].steps[2].metrics[1]); unknown paths
    are ignored. A dropped step takes its sub-steps and figures with it."""
    document = copy.deepcopy(document)
    parsed = sorted(
        (parts for parts in map(_parse, set(paths)) if parts),
        key=lambda parts: [index for _key, index in parts],
        reverse=True,
    )
    for parts in parsed:
        container = document
        for key, index in parts[:-1]:
            container = _child(container, key, index)
            if container is None:
                break
        key, index = parts[-1]
        items = container.get(key) if isinstance(container, dict) else None
        if isinstance(items, list) and index < len(items) and len(parts) > 1:
            del items[index]
    return document


def _parse(path):
    parts = PATH_PART.findall(path)
    rebuilt = ".".join(f"{key}[{index}]" for key, index in parts)
    if rebuilt != path or not parts or parts[0][0] != "practices":
        return None
    keys = {key for key, _index in parts}
    if not keys <= {"practices", "steps", "metrics", "involvements"}:
        return None
    return [(key, int(index)) for key, index in parts]


def _child(container, key, index):
    items = container.get(key) if isinstance(container, dict) else None
    if not isinstance(items, list) or index >= len(items):
        return None
    return items[index] if isinstance(items[index], dict) else None


def _label(choices, value):
    try:
        return choices(value).label
    except ValueError:
        return value
