"""Case files: check (every error in one pass, with its path), then write in one
transaction.

One loader serves `manage.py import_cases`, the admin import page and the seed
fixtures. `read_case_file` never writes; `import_case_file` writes only a file
without errors, all of it or nothing, through the practice write service
(practices/store.py) after the write rules (practices/rules.py) have passed.
"""

import json
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from practices.changes import describe_changes, normalised
from practices.choices import RevisionAction, Status
from practices.copy_in import insert_rows
from practices.derived import refresh_derived_fields
from practices.folding import fold_script
from practices.history import ensure_baseline, propose, record_contents, record_many
from practices.library_version import library_changed
from practices.models import Actor, Practice, Region, SourceDocument, name_path
from practices.review import must_hold_for_review
from practices.rules import MAX_STEP_DEPTH, indexed_steps, owners, present
from practices.search_ahead import SearchAhead
from practices.search_index import SearchIndexMerge
from practices.snapshot import snapshots
from practices.store import write_practice
from practices.store_many import create_practices

from .checks import ReferenceChecker
from .schema import check_shape
from .writer import SOURCE_KEYS

# json's own messages, in words an editor understands (and in their language).
JSON_MESSAGES = {
    "Expecting value": gettext_lazy("a value was expected"),
    "Expecting property name enclosed in double quotes": gettext_lazy(
        "a field name in double quotes was expected"
    ),
    "Expecting ',' delimiter": gettext_lazy("a comma was expected"),
    "Expecting ':' delimiter": gettext_lazy("a colon was expected"),
    "Unterminated string starting at": gettext_lazy("a text is not closed"),
    "Invalid control character at": gettext_lazy(
        "a text holds a line break or control character"
    ),
    "Extra data": gettext_lazy("more follows the end of the JSON document"),
}


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
    status: str = ""
    changes: list = field(default_factory=list)
    held: bool = False  # an editor's change to a published practice: a proposal

    @property
    def is_new(self):
        return self.existing is None

    @property
    def changed(self):
        return self.is_new or bool(self.changes)

    @property
    def status_label(self):
        return Status(self.status).label

    @property
    def change_label(self):
        if self.is_new:
            return "new"
        return "changed" if self.changes else "unchanged"

    def count(self, key):
        return sum(
            1 for _path, owner in owners(self.data, "") for _ in present(owner.get(key))
        )

    @property
    def count_metrics(self):
        return self.count("metrics")

    @property
    def step_count(self):
        return sum(1 for _ in indexed_steps(self.data.get("steps", []), ""))

    @property
    def actor_names(self):
        return sorted(
            {
                i["actor"]
                for _path, owner in owners(self.data, "")
                for _n, i in present(owner.get("involvements"))
            }
        )


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
            if exc.reason == "unexpected end of data":
                message = _("ends in the middle of a character: is the file cut short?")
            else:
                message = _("is not UTF-8 text (byte %(byte)d)") % {"byte": exc.start}
            return None, [("(file)", message)]
    try:
        return json.loads(content), []
    except json.JSONDecodeError as exc:
        reason = JSON_MESSAGES.get(exc.msg, exc.msg)
        message = _("is not valid JSON at line %(line)d column %(column)d: %(reason)s")
        where = {"line": exc.lineno, "column": exc.colno, "reason": reason}
        return None, [("(file)", message % where)]
    except RecursionError:
        message = _(
            "is nested too deeply to be read (steps may nest at most %(limit)d "
            "levels deep)"
        )
        return None, [("(file)", message % {"limit": MAX_STEP_DEPTH})]


def read_case_file(content, user=None, status=None, shaped=None):
    """Check a case file without writing anything; the preview lists every error:
    shape, references and provenance, in one pass. `shaped` is called with the
    document once its shape is checked, before its references are."""
    document, errors = parse(content)
    if errors:
        return CaseFilePreview(errors=errors)
    errors, usable = check_shape(document)
    if usable is None:
        return CaseFilePreview(errors=errors)
    if shaped is not None:
        shaped(usable)
    checker = ReferenceChecker(usable, user, status)
    errors += checker.check()
    preview = CaseFilePreview(errors=errors, document=usable)
    preview.new_actors = checker.new_actor_names()
    stored = {
        practice.pk: content
        for practice, content in snapshots(
            c.existing.pk for c in checker.checked if c.existing is not None
        )
    }
    names = Region.objects.names_by_path(c.region.path for c in checker.checked)
    full_names = {path: name_path(names) for path, names in names.items()}
    preview.practices = [
        _plan(checked, user, stored, full_names) for checked in checker.checked
    ]
    return preview


def import_case_file(content, user=None, status=None, dry_run=False, merge=None):
    """Check and, unless `dry_run`, write a case file. Raises CaseFileRejected.

    `status` overrides each practice's status (a reviewer's "publish" on import);
    otherwise the file's status is used, and without one a stored practice keeps its
    status and a new one is a draft. `merge`: the SearchIndexMerge of the new
    practices' search rows, for a caller whose own transaction holds this one to
    finish once it has committed (the command); without one, it is finished here.
    """
    with _SearchAheadOf(dry_run) as ahead:
        preview = read_case_file(content, user, status, shaped=ahead.start)
        if preview.errors:
            raise CaseFileRejected(preview.errors)
        if not dry_run:
            own = merge is None
            merge = merge or SearchIndexMerge()
            try:
                with transaction.atomic():
                    _write(preview, user, merge, ahead.fields)
            except BaseException:
                merge.finish(failed=True)
                raise
            if own:
                merge.finish()  # it ran beside the writing and the commit
    return preview


class _SearchAheadOf:
    """The new practices' search fields worked out while the file is checked
    (search_ahead.py), when it is to be written."""

    def __init__(self, dry_run):
        self.dry_run = dry_run
        self.fields = None

    def start(self, document):
        if not self.dry_run:
            practices = [p for p in document["practices"] if isinstance(p, dict)]
            self.fields = SearchAhead(practices)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        if self.fields is not None:
            self.fields.close()
        return False


def _plan(checked, user, stored, full_names):
    """What writing `checked` does; `stored`: {pk: a stored practice's dict},
    `full_names`: {region path: its full name}."""
    plan = PracticePlan(
        data=checked.data,
        region=checked.region,
        themes=checked.themes,
        existing=checked.existing,
        status=checked.status,
    )
    if checked.existing is not None:
        incoming = dict(checked.data, region=full_names[checked.region.path])
        incoming["status"] = checked.status
        plan.changes = describe_changes(stored[checked.existing.pk], incoming)
        plan.held = plan.changed and must_hold_for_review(user, checked.existing)
    return plan


def proposed_content(plan):
    """The practice dict a held change proposes (snapshot shape)."""
    return normalised(dict(plan.data, region=plan.region.full_name))


def _write(preview, user, merge, ahead):
    sources = _write_sources([e for _i, e in present(preview.document["sources"])])
    declared = {
        fold_script(a["name"]): a for _i, a in present(preview.document.get("actors"))
    }
    used = dict.fromkeys(n for plan in preview.practices for n in plan.actor_names)
    actors = _actors(list(used), declared)
    cited = {key for plan in preview.practices for key in plan.data["sources"]}
    sources.update(
        SourceDocument.objects.in_bulk(cited - set(sources), field_name="slug")
    )
    created, updated = [], []
    for plan in preview.practices:
        refs = {
            "region": plan.region,
            "themes": plan.themes,
            "sources": [sources[key] for key in plan.data["sources"]],
            "actors": actors,
        }
        if plan.is_new:
            created.append((plan.data, refs, plan.status))
            continue
        if plan.changed:
            ensure_baseline(plan.existing)
        if plan.held:
            propose(plan.existing, proposed_content(plan), user)
        elif plan.changed:
            updated.append(
                write_practice(plan.data, refs, plan.existing, user, plan.status)
            )
    refresh_derived_fields(Practice.objects.filter(pk__in=[p.pk for p in updated]))
    record_contents(
        create_practices(created, user, merge, ahead), user, RevisionAction.IMPORTED
    )
    record_many(updated, user, RevisionAction.IMPORTED)


def _write_sources(entries):
    """{key: SourceDocument} for the file's sources: new ones created, stored ones
    updated where a field differs (a cited source's text cannot: checks.py)."""
    stored = SourceDocument.objects.in_bulk(
        [e["key"] for e in entries], field_name="slug"
    )
    result, new, changed = {}, [], []
    for entry in entries:
        fields = {key: entry.get(key, "") for key in SOURCE_KEYS}
        source = stored.get(entry["key"])
        if source is None:
            source = SourceDocument(slug=entry["key"], **fields)
            new.append(source)
        elif any(getattr(source, key) != value for key, value in fields.items()):
            for key, value in fields.items():
                setattr(source, key, value)
            changed.append(source)
        result[entry["key"]] = source
    insert_rows(SourceDocument, new)  # by COPY on PostgreSQL
    for source in changed:
        source.save()
    if new:
        library_changed()  # bulk inserts send no signals
    return result


def _actors(names, declared):
    """{name: Actor} for the names the file's practices use (in the file's order),
    new ones created from the file's declarations (checks.py made sure each is
    stored or declared)."""
    stored = {a.folded_name: a for a in Actor.objects.named(names)}
    actors = {}
    for name in names:
        folded = fold_script(name)
        if folded not in stored:
            entry = declared[folded]
            stored[folded] = Actor.objects.create(
                name=name,
                name_en=entry.get("name_en", ""),
                kind=entry["kind"],
                level=entry.get("level", ""),
            )
        actors[name] = stored[folded]
    return actors
