"""The shape of a case file (docs/case-file.md): types, required keys and choices.

`check_shape` walks a parsed document and reports every error with its path, in
words an editor understands (in the active language), with a usable copy of the
document for the reference and provenance checks (checks.py) that follow, so that
one pass reports every error of a file.
"""

from dataclasses import dataclass
from functools import cache

from django.utils.translation import gettext as _

from practices.choices import (
    ActorKind,
    Level,
    MetricKind,
    MetricNature,
    MetricPeriod,
    Qualifier,
    Role,
    Script,
    Status,
    StepFunction,
    StepKind,
)
from practices.rules import MAX_STEP_DEPTH

FORMAT_NAME = "govcases-case-file"
FORMAT_VERSION = 1


@dataclass(frozen=True)
class Field:
    kind: object  # str, int, "number", "region", a TextChoices class, or a list spec
    required: bool = False


@dataclass(frozen=True)
class ListOf:
    item: object  # a spec name ("step") or a plain type (str)


SPECS = {
    "file": {
        "format": Field(str, True),
        "version": Field(int, True),
        # The library's version when it was exported (research exports); ignored
        # on import.
        "dataset_version": Field(str),
        "sources": Field(ListOf("source"), True),
        "actors": Field(ListOf("actor")),
        "practices": Field(ListOf("practice"), True),
    },
    "source": {
        "key": Field(str, True),
        "title": Field(str, True),
        "subtitle": Field(str),
        "publication": Field(str),
        "dateline": Field(str),
        "published_on": Field(str),
        "authors": Field(str),
        "url": Field(str),
        "script": Field(Script, True),
        "text": Field(str, True),
    },
    "actor": {
        "name": Field(str, True),
        "name_en": Field(str),
        "kind": Field(ActorKind, True),
        "level": Field(Level),
    },
    "practice": {
        "slug": Field(str, True),
        "title": Field(str, True),
        "alias": Field(str),
        "region": Field("region", True),
        "implementing_level": Field(Level, True),
        "summary": Field(str, True),
        "problem": Field(str),
        "outcomes": Field(str),
        "themes": Field(ListOf(str), True),
        "year_started": Field(int),
        "status": Field(Status),
        "sources": Field(ListOf(str), True),
        "steps": Field(ListOf("step")),
        "involvements": Field(ListOf("involvement")),
        "metrics": Field(ListOf("metric")),
    },
    "step": {
        "name": Field(str, True),
        "description": Field(str),
        "source_quote": Field(str, True),
        "function": Field(StepFunction),
        "kind": Field(StepKind),
        "involvements": Field(ListOf("involvement")),
        "metrics": Field(ListOf("metric")),
        "steps": Field(ListOf("step")),
    },
    "involvement": {"actor": Field(str, True), "role": Field(Role, True)},
    "metric": {
        "name": Field(str, True),
        "value": Field("number", True),
        "value_max": Field("number"),
        "qualifier": Field(Qualifier),
        "unit": Field(str),
        "kind": Field(MetricKind, True),
        "nature": Field(MetricNature),
        "period": Field(MetricPeriod),
        "period_text": Field(str),
        "period_start": Field(str),
        "as_of": Field(str),
        "source_quote": Field(str, True),
    },
}
NON_EMPTY_LISTS = {"practices", "sources"}


def describe(value):
    if isinstance(value, bool):
        return _("true/false")
    if value is None:
        return "null"
    words = {
        dict: _("an object"),
        list: _("a list"),
        str: _("text"),
        int: _("a number"),
    }
    return words.get(type(value), type(value).__name__)


def check_shape(document):
    """(errors, usable): every shape error in `document` as (path, message) pairs, and
    a copy of the document in which each object with an error in its own fields is
    None, so that references and provenance can still be checked everywhere else."""
    errors = []
    if not isinstance(document, dict):
        message = _("the file must hold one JSON object, not %(type)s")
        return [("(file)", message % {"type": describe(document)})], None
    usable = _check_object(document, "file", "", errors, 0) or {}
    for key in ("sources", "practices", "actors"):
        usable.setdefault(key, [])
    if document.get("format") not in (None, FORMAT_NAME):
        errors.append(("format", _('must be "%(name)s"') % {"name": FORMAT_NAME}))
    version = document.get("version")
    if isinstance(version, int) and version != FORMAT_VERSION:
        message = _("only version %(version)s is understood")
        errors.append(("version", message % {"version": FORMAT_VERSION}))
    return errors, usable


def _check_object(obj, spec_name, path, errors, depth):
    """The object's usable copy, or None if one of its own fields is wrong."""
    spec = SPECS[spec_name]
    usable, own_fields_ok = {}, True
    for key in obj:
        if key not in spec:
            message = _("unknown field; allowed here: %(allowed)s")
            errors.append((_join(path, key), message % {"allowed": ", ".join(spec)}))
    for key, field in spec.items():
        where = _join(path, key)
        if key not in obj or obj[key] is None:
            if field.required:
                errors.append((where, _("is required")))
                own_fields_ok = False
            continue
        if key == "steps" and depth > MAX_STEP_DEPTH:
            # The write rules refuse this step for its depth; the file need not be
            # walked any deeper (a file may nest hundreds of levels).
            continue
        ok, value = _check_value(obj[key], field.kind, where, errors, key, depth)
        if ok:
            usable[key] = value
        elif field.required:
            own_fields_ok = False  # an optional field in error is left out
    return usable if own_fields_ok else None


def _check_value(value, kind, where, errors, key, depth):
    """(ok, usable value)."""
    if isinstance(kind, ListOf):
        return _check_list(value, kind, where, errors, key, depth)
    message = _value_error(value, kind)
    if message:
        errors.append((where, message))
        return False, None
    return True, value


def _check_list(value, kind, where, errors, key, depth):
    if not isinstance(value, list):
        message = _("must be a list, got %(type)s") % {"type": describe(value)}
        errors.append((where, message))
        return False, None
    if key in NON_EMPTY_LISTS and not value:
        errors.append((where, _("must hold at least one entry")))
    usable = []
    for index, item in enumerate(value):
        item_path = f"{where}[{index}]"
        if not isinstance(kind.item, str):
            ok, item = _check_value(item, kind.item, item_path, errors, "", depth)
            usable.append(item if ok else None)
        elif isinstance(item, dict):
            next_depth = depth + 1 if kind.item == "step" else depth
            usable.append(_check_object(item, kind.item, item_path, errors, next_depth))
        else:
            message = _("must be an object, got %(type)s") % {"type": describe(item)}
            errors.append((item_path, message))
            usable.append(None)
    return True, usable


def _value_error(value, kind):
    """Why `value` is not of `kind`, or None."""
    if kind == "region":
        if isinstance(value, dict):
            if set(value) != {"code"} or not isinstance(value["code"], str):
                return _('as an object, must be {"code": "370783"}')
        elif not isinstance(value, str) or not value.strip():
            return _('must be a name path such as "山东省/潍坊市/寿光市"')
        return None
    if kind == "number":
        if isinstance(value, bool) or not isinstance(value, int | float):
            return _("must be a number, got %(type)s %(value)s") % _got(value)
        return None
    if kind in (str, int):
        if isinstance(value, bool) or not isinstance(value, kind):
            if kind is int:
                return _("must be a whole number, got %(type)s %(value)s") % _got(value)
            return _("must be text, got %(type)s %(value)s") % _got(value)
        if kind is str and not value.strip():
            return _("must not be empty")
        return None
    if value not in choice_values(kind):  # a TextChoices class
        allowed = ", ".join(kind.values)
        return _("%(value)s is not one of: %(allowed)s") % {
            "value": repr(value),
            "allowed": allowed,
        }
    return None


@cache
def choice_values(kind):
    """The values of a TextChoices class, as a set (its .values makes a new list
    at every call: a tenth of checking a case file's shape, measured)."""
    return frozenset(kind.values)


def _got(value):
    return {"type": describe(value), "value": repr(value)}


def _join(path, key):
    return f"{path}.{key}" if path else key
