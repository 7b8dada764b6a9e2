"""What a write changes in a practice, in words a reviewer reads: status and fields,
and each step, actor's role and figure added, removed or changed (quotes named).
Used by the import preview; both sides are practice dicts (practices/snapshot.py)."""

from django.utils.translation import gettext as _

from .choices import Status
from .folding import fold_script, fold_unit
from .snapshot import canonical_number
from .units import nature_of_unit

PART_KINDS = ("involvements", "metrics")
UNORDERED = ("themes", "sources")
SHORT_TEXT = 40


def normalised(data):
    """A practice dict with numbers, empties and list order made comparable."""
    if isinstance(data, dict):
        kept = {
            key: normalised(value)
            for key, value in data.items()
            if value not in (None, "", []) and (key, value) != ("qualifier", "exact")
        }
        if "unit" in kept:
            kept["unit"] = fold_unit(kept["unit"])  # stored folded (store.py)
        if "actor" in kept:  # one actor whatever the script it is written in
            kept["actor"] = fold_script(kept["actor"])
        if "value" in kept and "nature" not in kept:  # a figure: as store.py reads it
            kept["nature"] = nature_of_unit(kept.get("unit", ""), kept.get("kind"))
        for key in UNORDERED:
            if key in kept:
                kept[key] = sorted(kept[key])
        return kept
    if isinstance(data, list):
        return [normalised(value) for value in data]
    if isinstance(data, int | float) and not isinstance(data, bool):
        return canonical_number(data)
    return data


def describe_changes(before, after):
    """Readable changes from practice dict `before` to `after` ([] if none)."""
    before, after = normalised(before), normalised(after)
    changes = _field_changes(before, after)
    old_steps, new_steps = _steps(before), _steps(after)
    for place in sorted(old_steps.keys() | new_steps.keys()):
        changes += _step_changes(place, old_steps.get(place), new_steps.get(place))
    for kind in PART_KINDS:
        old_parts, new_parts = _parts(before, kind), _parts(after, kind)
        for key in sorted(old_parts.keys() | new_parts.keys()):
            changes += _part_changes(kind, key, old_parts.get(key), new_parts.get(key))
    return changes


def _field_changes(before, after):
    changes = []
    nested = {"steps", *PART_KINDS}
    for key in sorted((before.keys() | after.keys()) - nested):
        old, new = before.get(key), after.get(key)
        if old == new:
            continue
        if key == "status":
            changes.append(
                _("status: %(old)s → %(new)s")
                % {"old": _status(old), "new": _status(new)}
            )
        else:
            changes.append(
                _("%(field)s: %(old)s → %(new)s")
                % {"field": key, "old": _short(old), "new": _short(new)}
            )
    return changes


def _steps(data, prefix=()):
    found = {}
    for index, step in enumerate(data.get("steps", [])):
        place = (*prefix, index)
        found[place] = step
        found.update(_steps(step, place))
    return found


def _parts(data, kind):
    found = {(): data, **_steps(data)}
    return {
        (place, index): part
        for place, owner in found.items()
        for index, part in enumerate(owner.get(kind, []))
    }


def _step_changes(place, old, new):
    label = _place(place)
    if old is None:
        return [_("step %(place)s added: %(name)s") % {"place": label, **new}]
    if new is None:
        return [_("step %(place)s removed: %(name)s") % {"place": label, **old}]
    fields = [
        key
        for key in ("name", "description", "source_quote", "function", "kind")
        if old.get(key) != new.get(key)
    ]
    return [
        _("step %(place)s %(name)s: %(field)s %(old)s → %(new)s")
        % {
            "place": label,
            "name": new["name"],
            "field": key,
            "old": _short(old.get(key)),
            "new": _short(new.get(key)),
        }
        for key in fields
    ]


def _part_changes(kind, key, old, new):
    place, index = key
    where = _("step %(place)s") % {"place": _place(place)} if place else _("practice")
    what = _("actor") if kind == "involvements" else _("figure")
    label = f"{where}, {what} {index + 1}"
    if old == new:
        return []
    if old is None:
        return [_("%(label)s added: %(part)s") % {"label": label, "part": _part(new)}]
    if new is None:
        return [_("%(label)s removed: %(part)s") % {"label": label, "part": _part(old)}]
    fields = sorted(k for k in old.keys() | new.keys() if old.get(k) != new.get(k))
    return [
        _("%(label)s: %(field)s %(old)s → %(new)s")
        % {
            "label": label,
            "field": field,
            "old": _short(old.get(field)),
            "new": _short(new.get(field)),
        }
        for field in fields
    ]


def _part(part):
    if "actor" in part:
        return f"{part['actor']} ({part.get('role', '')})"
    return f"{part.get('name', '')} {part.get('value', '')}{part.get('unit', '')}"


def _place(place):
    return ".".join(str(index + 1) for index in place)


def _status(value):
    return Status(value).label if value in Status.values else _short(value)


def _short(value):
    if value is None:
        return "—"
    if isinstance(value, list):
        value = ", ".join(str(item) for item in value)
    text = str(value)
    return text if len(text) <= SHORT_TEXT else text[: SHORT_TEXT - 1] + "…"
