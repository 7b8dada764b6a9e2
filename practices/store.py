"""Writing a practice from its dict (the snapshot shape, practices/snapshot.py), in
place: steps, involvements and figures are matched to the stored ones by their place
in the tree (the second sub-step of the first step; the first figure of that step)
and updated, so their ids, the join keys of the exports, survive a re-import of an
unchanged or lightly edited practice. Callers check the content first (rules.py)
and write inside a transaction."""

from decimal import Decimal

from django.db.models import F

from .choices import Qualifier, Status, StepKind
from .folding import fold_unit
from .models import Involvement, Metric, Practice, Step
from .units import nature_of_unit

PRACTICE_TEXT_FIELDS = ["title", "alias", "summary", "problem", "outcomes"]
STEP_FIELDS = ["name", "description", "source_quote", "function"]
METRIC_FIELDS = [
    "name", "value", "value_max", "qualifier", "unit", "kind", "nature", "period",
    "period_text", "period_start", "as_of",
]  # fmt: skip
# Stored positions move this far out of the way while the tree is rewritten.
POSITION_OFFSET = 1_000_000


def write_practice(data, refs, practice=None, user=None, status=None):
    """Create or update `practice` from `data`. `refs` holds the resolved references:
    region, themes, sources (objects) and actors ({name: Actor}). `status` overrides
    the data's; without either, a stored practice keeps its status."""
    if practice is None:
        practice = Practice(slug=data["slug"], created_by=user)
    set_practice_fields(practice, data, refs, user, status)
    practice.save()
    practice.themes.set(refs["themes"])
    practice.sources.set(refs["sources"])
    steps = write_steps(practice, data.get("steps", []))
    write_parts(practice, data, steps, refs["actors"])
    return practice


def tree_places(steps):
    """{place: step} for stored steps: a place is the tuple of 0-based indices from the
    top, siblings in position order."""
    children = {}
    for step in sorted(steps, key=lambda s: (s.position, s.pk)):
        children.setdefault(step.parent_id, []).append(step)
    places = {}

    def walk(parent_id, prefix):
        for index, step in enumerate(children.get(parent_id, [])):
            places[(*prefix, index)] = step
            walk(step.pk, (*prefix, index))

    walk(None, ())
    return places


def moved_in_tree(steps):
    """The stored `steps` of a practice whose depth or reading order is not the
    one their tree gives, each set to it: for the caller to write."""
    moved = []
    for order, (place, step) in enumerate(tree_places(steps).items()):
        if (step.depth, step.tree_order) != (len(place), order):
            step.depth, step.tree_order = len(place), order
            moved.append(step)
    return moved


def entry_places(entries, prefix=()):
    """(place, entry) for the nested step entries of a practice dict, top down."""
    for index, entry in enumerate(entries):
        place = (*prefix, index)
        yield place, entry
        yield from entry_places(entry.get("steps", []), place)


def write_steps(practice, entries):
    """Rewrite the step tree; returns {place: Step} of the written steps."""
    stored = tree_places(Step.objects.filter(practice=practice))
    wanted = dict(entry_places(entries))
    gone = [step.pk for place, step in stored.items() if place not in wanted]
    Step.objects.filter(pk__in=gone).delete()
    Step.objects.filter(practice=practice).update(
        position=F("position") + POSITION_OFFSET
    )
    written = {}
    for order, (place, entry) in enumerate(wanted.items()):  # parents first
        step = stored.get(place) or Step(practice=practice)
        step.parent = written.get(place[:-1])
        set_step_fields(step, place, entry, order)
        step.save()
        written[place] = step
    return written


def write_parts(practice, data, steps, actors):
    """Involvements and figures, matched by (their step's place, index)."""
    owners = [((), data)] + list(entry_places(data.get("steps", [])))
    stored = {
        "involvements": _stored_parts(
            Involvement.objects.filter(practice=practice), steps
        ),
        "metrics": _stored_parts(Metric.objects.filter(practice=practice), steps),
    }
    for name, model in (("involvements", Involvement), ("metrics", Metric)):
        keep, create, update = set(), [], []
        for place, owner in owners:
            for index, entry in enumerate(owner.get(name, [])):
                part = stored[name].get((place, index))
                fresh = part is None
                if fresh:
                    part = model(practice=practice)
                part.step = steps.get(place) if place else None
                set_part_fields(part, entry, actors)
                (create if fresh else update).append(part)
                if not fresh:
                    keep.add(part.pk)
        gone = [p.pk for p in stored[name].values() if p.pk not in keep]
        model.objects.filter(pk__in=gone).delete()
        if model is Involvement:
            fields = ["step", "actor", "role"]
        else:
            fields = ["step", *METRIC_FIELDS, "source_quote"]
        model.objects.bulk_update(update, fields)
        model.objects.bulk_create(create)


def set_practice_fields(practice, data, refs, user, status):
    for key in PRACTICE_TEXT_FIELDS:
        setattr(practice, key, data.get(key, ""))
    practice.region = refs["region"]
    practice.implementing_level = data["implementing_level"]
    practice.year_started = data.get("year_started")
    practice.status = status or data.get("status") or practice.status or Status.DRAFT
    practice.updated_by = user


def set_step_fields(step, place, entry, order):
    """`place` in the tree, `order` in the practice's reading order."""
    step.position = place[-1] + 1
    step.depth, step.tree_order = len(place), order
    for key in STEP_FIELDS:
        setattr(step, key, entry.get(key, ""))
    step.kind = entry.get("kind") or StepKind.STAGE


def _stored_parts(parts, steps):
    place_of = {step.pk: place for place, step in steps.items()}
    grouped = {}
    for part in sorted(parts, key=lambda p: p.pk):
        place = () if part.step_id is None else place_of.get(part.step_id)
        if place is not None:
            grouped.setdefault(place, []).append(part)
    return {
        (place, index): part
        for place, owned in grouped.items()
        for index, part in enumerate(owned)
    }


def set_part_fields(part, entry, actors):
    if isinstance(part, Involvement):
        part.actor = actors[entry["actor"]]
        part.role = entry["role"]
        return
    part.name = entry["name"]
    part.value = Decimal(str(entry["value"]))
    value_max = entry.get("value_max")
    part.value_max = None if value_max is None else Decimal(str(value_max))
    part.qualifier = entry.get("qualifier", Qualifier.EXACT)
    part.unit = fold_unit(entry.get("unit", ""))
    part.kind = entry["kind"]
    part.nature = entry.get("nature") or nature_of_unit(part.unit, part.kind)
    part.period = entry.get("period", "")
    part.period_text = entry.get("period_text", "")
    part.period_start = entry.get("period_start", "")
    part.as_of = entry.get("as_of", "")
    part.source_quote = entry["source_quote"]
