"""The shape of a case file (docs/case-file.md): types, required keys and choices.

`check_shape` walks a parsed document and reports every error with its path, in
words an editor understands; it returns nothing but errors. Cross-references
(regions, themes, actors, quotes) are checked afterwards in casefile.py.
"""

from dataclasses import dataclass

from practices.choices import (
    ActorKind,
    Level,
    MetricKind,
    Qualifier,
    Role,
    Script,
    Status,
)

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
        "sources": Field(ListOf("source"), True),
        "actors": Field(ListOf("actor")),
        "practices": Field(ListOf("practice"), True),
    },
    "source": {
        "key": Field(str, True),
        "title": Field(str, True),
        "publication": Field(str),
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
        "as_of": Field(str),
        "source_quote": Field(str, True),
    },
}
TYPE_WORDS = {str: "text", int: "a whole number", "number": "a number"}
NON_EMPTY_LISTS = {"practices", "sources"}


def describe(value):
    if isinstance(value, bool):
        return "true/false"
    if value is None:
        return "null"
    words = {dict: "an object", list: "a list", str: "text", int: "a number"}
    return words.get(type(value), type(value).__name__)


def check_shape(document):
    """Every shape error in `document`, as (path, message) pairs."""
    errors = []
    if not isinstance(document, dict):
        return [
            ("(file)", "the file must hold one JSON object, not " + describe(document))
        ]
    _check_object(document, "file", "", errors)
    if document.get("format") not in (None, FORMAT_NAME):
        errors.append(("format", f'must be "{FORMAT_NAME}"'))
    if (
        isinstance(document.get("version"), int)
        and document["version"] != FORMAT_VERSION
    ):
        errors.append(("version", f"only version {FORMAT_VERSION} is understood"))
    return errors


def _check_object(obj, spec_name, path, errors):
    spec = SPECS[spec_name]
    for key in obj:
        if key not in spec:
            allowed = ", ".join(spec)
            errors.append((_join(path, key), f"unknown field; allowed here: {allowed}"))
    for key, field in spec.items():
        where = _join(path, key)
        if key not in obj or obj[key] is None:
            if field.required:
                errors.append((where, "is required"))
            continue
        _check_value(obj[key], field.kind, where, errors, key)


def _check_value(value, kind, where, errors, key=""):
    if isinstance(kind, ListOf):
        if not isinstance(value, list):
            errors.append((where, f"must be a list, got {describe(value)}"))
            return
        if key in NON_EMPTY_LISTS and not value:
            errors.append((where, "must hold at least one entry"))
        for index, item in enumerate(value):
            item_path = f"{where}[{index}]"
            if isinstance(kind.item, str):
                if isinstance(item, dict):
                    _check_object(item, kind.item, item_path, errors)
                else:
                    errors.append(
                        (item_path, f"must be an object, got {describe(item)}")
                    )
            else:
                _check_value(item, kind.item, item_path, errors)
    elif kind == "region":
        if isinstance(value, dict):
            if set(value) != {"code"} or not isinstance(value["code"], str):
                errors.append((where, 'as an object, must be {"code": "370783"}'))
        elif not isinstance(value, str) or not value.strip():
            errors.append((where, 'must be a name path such as "山东省/潍坊市/寿光市"'))
    elif kind == "number":
        if isinstance(value, bool) or not isinstance(value, int | float):
            errors.append((where, f"must be a number, got {describe(value)} {value!r}"))
    elif kind in (str, int):
        if isinstance(value, bool) or not isinstance(value, kind):
            errors.append(
                (where, f"must be {TYPE_WORDS[kind]}, got {describe(value)} {value!r}")
            )
        elif kind is str and not value.strip():
            errors.append((where, "must not be empty"))
    else:  # a TextChoices class
        if value not in kind.values:
            allowed = ", ".join(kind.values)
            errors.append((where, f"{value!r} is not one of: {allowed}"))


def _join(path, key):
    return f"{path}.{key}" if path else key
