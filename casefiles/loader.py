"""Case files: check (every error, with its path), then write in one transaction.

One loader serves `manage.py import_cases`, the admin import page and the seed
fixtures. `read_case_file` never writes; `import_case_file` writes only a file
without errors, all of it or nothing.
"""

import json
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from practices.choices import Qualifier, Status
from practices.derived import refresh_derived_fields
from practices.models import Actor, Involvement, Metric, Practice, SourceDocument, Step
from practices.snapshot import canonical_number, practice_to_dict

from .checks import ReferenceChecker
from .schema import check_shape
from .writer import SOURCE_KEYS


class CaseFileRejected(Exception):
    """A case file with errors; nothing was written."""

    def __init__(self, errors):
        self.errors = errors
        super().__init__("\n".join(f"{path}: {message}" for path, message in errors))


@dataclass
class PracticePlan:
    data: dict
    region: object
    themes: list
    existing: object = None
    changed: bool = True

    @property
    def is_new(self):
        return self.existing is None

    @property
    def change_label(self):
        if self.is_new:
            return "new"
        return "changed" if self.changed else "unchanged"

    def count(self, key):
        return sum(1 for _ in walk(self.data, key))

    @property
    def count_metrics(self):
        return self.count("metrics")

    @property
    def step_count(self):
        return sum(1 for _ in walk_steps(self.data.get("steps", [])))

    @property
    def actor_names(self):
        return sorted({i["actor"] for i in walk(self.data, "involvements")})


@dataclass
class CaseFilePreview:
    errors: list = field(default_factory=list)
    practices: list = field(default_factory=list)
    new_actors: list = field(default_factory=list)
    document: dict = field(default_factory=dict)

    @property
    def ok(self):
        return not self.errors


def walk_steps(steps):
    for step in steps:
        yield step
        yield from walk_steps(step.get("steps", []))


def walk(practice_data, key):
    """Every involvement or metric of a practice, at practice level and in its steps."""
    yield from practice_data.get(key, [])
    for step in walk_steps(practice_data.get("steps", [])):
        yield from step.get(key, [])


def parse(content):
    """The JSON document in `content` (bytes or text), or a list of errors."""
    if isinstance(content, bytes):
        try:
            content = content.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            return None, [("(file)", f"is not UTF-8 text (byte {exc.start})")]
    try:
        return json.loads(content), []
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno} column {exc.colno}"
        return None, [("(file)", f"is not valid JSON: {exc.msg} at {where}")]


def read_case_file(content, user=None):
    """Check a case file without writing anything; the preview lists every error."""
    document, errors = parse(content)
    if errors:
        return CaseFilePreview(errors=errors)
    errors = check_shape(document)
    if errors:
        return CaseFilePreview(errors=errors, document=document)
    checker = ReferenceChecker(document, user)
    errors = checker.check()
    preview = CaseFilePreview(errors=errors, document=document)
    preview.new_actors = checker.new_actor_names()
    for plan_data in checker.plans:
        preview.practices.append(_plan(*plan_data))
    return preview


def import_case_file(content, user=None, status=None, dry_run=False):
    """Check and, unless `dry_run`, write a case file. Raises CaseFileRejected.

    `status` overrides each practice's status (the admin imports drafts unless a
    reviewer asks to publish); otherwise the file's status, or draft, is used.
    """
    preview = read_case_file(content, user)
    if preview.errors:
        raise CaseFileRejected(preview.errors)
    if not dry_run:
        with transaction.atomic():
            _write(preview, user, status)
    return preview


def _plan(data, region, themes, existing):
    plan = PracticePlan(data=data, region=region, themes=themes, existing=existing)
    if existing is not None:
        incoming = dict(data, region=region.full_name)
        plan.changed = _comparable(incoming) != _comparable(practice_to_dict(existing))
    return plan


def _comparable(data):
    """A practice dict with status left out and numbers and empties normalised."""
    if isinstance(data, dict):
        kept = {
            k: _comparable(v)
            for k, v in data.items()
            if k != "status"
            and v not in (None, "", [])
            and (k, v) != ("qualifier", "exact")
        }
        for unordered in ("themes", "sources"):
            if unordered in kept:
                kept[unordered] = sorted(kept[unordered])
        return kept
    if isinstance(data, list):
        return [_comparable(v) for v in data]
    if isinstance(data, int | float) and not isinstance(data, bool):
        return canonical_number(data)
    return data


def _write(preview, user, status):
    document = preview.document
    sources = {}
    for entry in document["sources"]:
        fields = {k: entry.get(k, "") for k in SOURCE_KEYS}
        sources[entry["key"]], _ = SourceDocument.objects.update_or_create(
            slug=entry["key"], defaults=fields
        )
    declared = {a["name"]: a for a in document.get("actors", [])}
    actors = {}
    for plan in preview.practices:
        for name in plan.actor_names:
            if name not in actors:
                actors[name] = _actor(name, declared.get(name))
        _write_practice(plan, sources, actors, user, status)
    slugs = [plan.data["slug"] for plan in preview.practices]
    refresh_derived_fields(Practice.objects.filter(slug__in=slugs))


PRACTICE_TEXT_FIELDS = ["title", "alias", "summary", "problem", "outcomes"]


def _actor(name, declared):
    actor = Actor.objects.filter(name=name).first()
    if actor is None:
        actor = Actor.objects.create(
            name=name,
            name_en=declared.get("name_en", ""),
            kind=declared["kind"],
            level=declared.get("level", ""),
        )
    return actor


def _write_practice(plan, sources, actors, user, status):
    data = plan.data
    practice = plan.existing or Practice(slug=data["slug"], created_by=user)
    for key in PRACTICE_TEXT_FIELDS:
        setattr(practice, key, data.get(key, ""))
    practice.region = plan.region
    practice.implementing_level = data["implementing_level"]
    practice.year_started = data.get("year_started")
    practice.status = status or data.get("status") or practice.status or Status.DRAFT
    practice.updated_by = user
    practice.save()
    practice.themes.set(plan.themes)
    practice.sources.set(
        [
            sources.get(key) or SourceDocument.objects.get(slug=key)
            for key in data["sources"]
        ]
    )
    practice.steps.all().delete()
    practice.involvements.all().delete()
    practice.metrics.all().delete()
    _write_parts(practice, None, data, actors)
    _write_steps(practice, None, data.get("steps", []), actors)


def _write_steps(practice, parent, steps, actors):
    for position, entry in enumerate(steps, start=1):
        step = Step.objects.create(
            practice=practice,
            parent=parent,
            position=position,
            name=entry["name"],
            description=entry.get("description", ""),
            source_quote=entry["source_quote"],
        )
        _write_parts(practice, step, entry, actors)
        _write_steps(practice, step, entry.get("steps", []), actors)


def _write_parts(practice, step, entry, actors):
    Involvement.objects.bulk_create(
        Involvement(
            practice=practice, step=step, actor=actors[i["actor"]], role=i["role"]
        )
        for i in entry.get("involvements", [])
    )
    Metric.objects.bulk_create(
        Metric(
            practice=practice,
            step=step,
            name=m["name"],
            value=Decimal(str(m["value"])),
            value_max=None
            if m.get("value_max") is None
            else Decimal(str(m["value_max"])),
            qualifier=m.get("qualifier", Qualifier.EXACT),
            unit=m.get("unit", ""),
            kind=m["kind"],
            as_of=m.get("as_of", ""),
            source_quote=m["source_quote"],
        )
        for m in entry.get("metrics", [])
    )
