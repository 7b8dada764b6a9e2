"""The rules every write of a practice passes: one place, used by the admin form and its
inlines, the case-file loader (import page, command, seed library) and any later path.

A write describes the practice's content as flat entries (`Content`): each step,
involvement and metric carries a `key` that means something to its caller (a form, a
path such as ``practices[0].steps[2]``) and refers to its step or parent by that key.
`check_content` returns every broken rule as a `RuleError(key, field, message)`, in
the language active at the call, for the caller to show where the entry was entered.
`ordered_steps` gives each step its depth and a position renumbered 1…n among its
siblings, in the order the writer gave them, so no write can collide on a position.
"""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from .provenance import number_in_quote, quote_in_text, squeeze

# Real practices nest two or three levels (看/听/查/议 under 分步核准); twelve is far
# above that and far below what the pages and the recursion of a case file can take.
MAX_STEP_DEPTH = 12


@dataclass
class StepEntry:
    key: object
    parent: object = None  # the parent's key, or None at the top level
    position: object = None  # the writer's order; renumbered by ordered_steps
    source_quote: str = ""


@dataclass
class PartEntry:
    """An involvement or a metric: it may belong to a step (by key)."""

    key: object
    step: object = None
    value: object = None  # metrics only
    value_max: object = None
    source_quote: object = None  # None for involvements, which quote nothing
    period: str = ""  # metrics only: the kind of period, its words, start and end
    period_text: str = ""
    period_start: str = ""
    as_of: str = ""


@dataclass
class Content:
    source_texts: list  # None when the sources are not known yet: quotes unchecked
    steps: list = field(default_factory=list)
    parts: list = field(default_factory=list)
    # Keys that name a step of another practice (a forged or stale reference).
    foreign_steps: set = field(default_factory=set)


@dataclass(frozen=True)
class RuleError:
    key: object
    field: str
    message: str


@dataclass(frozen=True)
class PlacedStep:
    parent: object
    position: int
    depth: int


def check_content(content):
    """Every broken rule of `content`, as RuleErrors (an empty list if none)."""
    errors = []
    steps = {step.key: step for step in content.steps}
    texts = content.source_texts
    for step in content.steps:
        errors += _reference_errors(step.key, "parent", step.parent, steps, content)
        if texts is not None:
            errors += quote_errors(step.key, step.source_quote, texts)
    errors += tree_errors(content.steps)
    for part in content.parts:
        errors += _reference_errors(part.key, "step", part.step, steps, content)
        if part.source_quote is not None:
            if texts is not None:
                errors += quote_errors(part.key, part.source_quote, texts)
            errors += number_errors(part)
            errors += period_errors(part)
    return errors


def quote_errors(key, quote, source_texts):
    """A quote must be a verbatim passage of one of the sources (whitespace ignored)."""
    if not source_texts:
        return [RuleError(key, "source_quote", _("The practice has no source yet."))]
    if not any(quote_in_text(quote, text) for text in source_texts):
        return [
            RuleError(
                key,
                "source_quote",
                _(
                    "This quote is not found in the practice's sources. Copy the "
                    "passage exactly as the source writes it."
                ),
            )
        ]
    return []


def number_errors(metric):
    """A metric's value and maximum must appear in its quote; the maximum ≥ value."""
    errors = []
    for name in ("value", "value_max"):
        value = getattr(metric, name)
        if value is None or value == "":
            continue
        if not number_in_quote(value, metric.source_quote or ""):
            errors.append(
                RuleError(
                    metric.key,
                    name,
                    _("%(value)s does not appear in the quote.")
                    % {"value": _plain_number(value)},
                )
            )
    if _below(metric.value_max, metric.value):
        errors.append(
            RuleError(
                metric.key,
                "value_max",
                _("The maximum value cannot be below the value."),
            )
        )
    return errors


def period_errors(metric):
    """A figure's period: its words are verbatim in the quote, a period stated in
    words or dates says which kind it is, and it does not end before it starts."""
    errors = []
    words = metric.period_text or ""
    if words and squeeze(words) not in squeeze(metric.source_quote or ""):
        errors.append(
            RuleError(
                metric.key,
                "period_text",
                _("The period's words must be copied from the quote."),
            )
        )
    if (words or metric.period_start) and not metric.period:
        errors.append(
            RuleError(
                metric.key,
                "period",
                _("Say which kind of period this is: cumulative, as of, or during."),
            )
        )
    start, end = metric.period_start or "", metric.as_of or ""
    if start and end and start[: len(end)] > end[: len(start)]:
        errors.append(
            RuleError(
                metric.key,
                "period_start",
                _("The period cannot start after it ends."),
            )
        )
    return errors


def tree_errors(steps):
    """No step may be its own ancestor; no step may sit deeper than MAX_STEP_DEPTH."""
    parents = {step.key: step.parent for step in steps}
    errors = []
    for step in steps:
        chain, node = [], step.key
        while node is not None and node in parents and node not in chain:
            chain.append(node)
            node = parents[node]
        if node is not None and node in chain:
            errors.append(
                RuleError(
                    step.key,
                    "parent",
                    _("A step cannot be inside itself (its parents form a loop)."),
                )
            )
        elif len(chain) > MAX_STEP_DEPTH:
            errors.append(
                RuleError(
                    step.key,
                    "parent",
                    _("Steps may nest at most %(limit)d levels deep.")
                    % {"limit": MAX_STEP_DEPTH},
                )
            )
    return errors


def ordered_steps(steps):
    """{key: PlacedStep} with positions 1…n among siblings, in the writer's order
    (by the given position, then by order of entry). Call on content without errors."""
    siblings = {}
    for index, step in enumerate(steps):
        position = _as_int(step.position)
        order = (position is None, position or 0, index)
        siblings.setdefault(step.parent, []).append((order, step.key))
    placed = {}

    def place(parent, depth):
        for position, (_order, key) in enumerate(sorted(siblings.get(parent, [])), 1):
            placed[key] = PlacedStep(parent, position, depth)
            place(key, depth + 1)

    place(None, 1)
    return placed


def present(items):
    """(index, item) for the usable items of a list (None marks an unusable one)."""
    return [(index, item) for index, item in enumerate(items or []) if item is not None]


def indexed_steps(steps, path):
    """(path, step) for nested step entries of a practice dict, top down."""
    for index, step in present(steps):
        step_path = f"{path}[{index}]"
        yield step_path, step
        yield from indexed_steps(step.get("steps", []), f"{step_path}.steps")


def owners(practice, path=""):
    """(path, owner) for a practice dict itself and each of its steps."""
    yield path, practice
    yield from indexed_steps(practice.get("steps", []), f"{path}.steps")


def practice_dict_errors(data, source_texts, path=""):
    """The write rules over a practice dict (case-file or snapshot shape), as
    (path, message) pairs: "practices[0].steps[1].source_quote", or the step's own
    path for where it sits in the tree."""
    content = Content(source_texts=source_texts or None)
    for owner_path, owner in owners(data, path):
        step_key = None if owner is data else owner_path
        if step_key is not None:
            parent = owner_path.rsplit(".steps[", 1)[0]
            content.steps.append(
                StepEntry(
                    owner_path, None if parent == path else parent, None,
                    owner["source_quote"],
                )
            )  # fmt: skip
        for index, _involvement in present(owner.get("involvements")):
            content.parts.append(
                PartEntry(f"{owner_path}.involvements[{index}]", step_key)
            )
        for index, metric in present(owner.get("metrics")):
            content.parts.append(
                PartEntry(
                    f"{owner_path}.metrics[{index}]", step_key, metric["value"],
                    metric.get("value_max"), metric["source_quote"],
                    metric.get("period", ""), metric.get("period_text", ""),
                    metric.get("period_start", ""), metric.get("as_of", ""),
                )
            )  # fmt: skip
    return [
        (error.key if error.field == "parent" else f"{error.key}.{error.field}",
         error.message)
        for error in check_content(content)
    ]  # fmt: skip


def _reference_errors(key, field_name, target, steps, content):
    if target is None:
        return []
    if target in content.foreign_steps:
        message = (
            _("This step belongs to another practice.")
            if field_name == "step"
            else _("The parent step belongs to another practice.")
        )
        return [RuleError(key, field_name, message)]
    if target not in steps:
        message = _("The chosen step is deleted in this same save.")
        return [RuleError(key, field_name, message)]
    return []


def _as_int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _decimal(value):
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _below(value_max, value):
    high, low = _decimal(value_max), _decimal(value)
    return value_max not in (None, "") and None not in (high, low) and high < low


def _plain_number(value):
    number = _decimal(value)
    if number is None:
        return str(value)
    return str(number.normalize()) if number % 1 else str(int(number))
