"""History and reviewed changes: every change to a practice is recorded with who,
when and the practice as it then was (its snapshot dict); an editor's change to a
published practice is held as a proposal until a reviewer approves or rejects it.

Why not django-reversion: it records saved states only, so a proposal that must not
touch the live rows has no place in it; and its revert re-creates inline rows with
their old ids outside the write rules. Here the snapshot is the case-file shape the
library already checks, compares (changes.py) and writes in place (store.py), so a
restore or an approval passes the same rules as any other write and keeps ids.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .changes import describe_changes
from .choices import RevisionAction
from .copy_in import copy_in
from .derived import refresh_derived_fields
from .folding import fold_script
from .models import Actor, Practice, PracticeRevision, Region, SourceDocument, Theme
from .review import can_publish, must_hold_for_review
from .rules import owners, practice_dict_errors, present
from .snapshot import practice_to_dict, snapshots, with_parts
from .store import write_practice


class ContentRejected(Exception):
    """Content that cannot be written; `errors` are (path, message) pairs."""

    def __init__(self, errors):
        self.errors = errors
        super().__init__("; ".join(f"{path}: {message}" for path, message in errors))


def snapshot(practice):
    return practice_to_dict(with_parts(Practice.objects.filter(pk=practice.pk))[0])


def ensure_baseline(practice):
    """Before the first recorded change of a practice that predates its history,
    record it as it stands, so that the change can be seen and undone."""
    if practice.pk and not practice.revisions.applied().exists():
        PracticeRevision.objects.create(
            practice=practice,
            action=RevisionAction.BASELINE,
            content=snapshot(practice),
        )


def record(practice, user, action):
    """Record the practice as it now is."""
    return PracticeRevision.objects.create(
        practice=practice, action=action, content=snapshot(practice), created_by=user
    )


def record_many(practices, user, action):
    """Record each of `practices` as it now is (a case file's import): read and
    written in batches."""
    record_contents(snapshots(p.pk for p in practices), user, action)


def record_contents(recorded, user, action):
    """Record each (practice, its dict) of `recorded`."""
    revisions = (
        PracticeRevision(
            practice=practice, action=action, content=content, created_by=user
        )
        for practice, content in recorded
    )
    copy_in(PracticeRevision, revisions)


def propose(practice, content, user):
    """Hold `content` for a reviewer; the practice itself is not touched."""
    ensure_baseline(practice)
    return PracticeRevision.objects.create(
        practice=practice,
        action=RevisionAction.PROPOSED,
        content=dict(content, status=practice.status),
        created_by=user,
    )


def apply_content(practice, content, user):
    """Write `content` over `practice` (its status unchanged), after the rules."""
    refs, errors = resolve_references(content)
    if not errors:
        texts = [source.text for source in refs["sources"]]
        errors = practice_dict_errors(content, texts)
    if errors:
        raise ContentRejected(errors)
    write_practice(content, refs, practice, user, status=practice.status)
    refresh_derived_fields(Practice.objects.filter(pk=practice.pk))


def decide(revision, user, approve):
    """A reviewer approves (applies) or rejects a pending proposal."""
    if not can_publish(user):
        raise PermissionDenied
    with transaction.atomic():
        revision = PracticeRevision.objects.select_for_update().get(pk=revision.pk)
        if not revision.is_pending:
            raise ContentRejected([("", _("This change has already been decided."))])
        practice = revision.practice
        if approve:
            apply_content(practice, revision.content, user)
            record(practice, user, RevisionAction.APPROVED)
        revision.decided_at, revision.decided_by = timezone.now(), user
        revision.approved = approve
        revision.save(update_fields=["decided_at", "decided_by", "approved"])


def restore(revision, user):
    """Bring back an earlier state: applied, or proposed if it must be reviewed.
    Returns the new revision."""
    practice = revision.practice
    content = dict(revision.content, slug=practice.slug)
    with transaction.atomic():
        if must_hold_for_review(user, practice):
            return propose(practice, content, user)
        apply_content(practice, content, user)
        return record(practice, user, RevisionAction.RESTORED)


def practice_history(practice):
    """(pending, decided and applied): pending proposals with what they change in the
    live practice; then every other revision, newest first, each with what it
    changed from the version before it (a decided proposal: from the version it was
    proposed against)."""
    revisions = list(practice.revisions.select_related("created_by", "decided_by"))
    live = snapshot(practice)
    base = None  # the latest applied version, walking from the oldest
    for revision in reversed(revisions):
        if revision.is_pending:
            revision.changes = describe_changes(live, revision.content)
            continue
        revision.changes = (
            describe_changes(base.content, revision.content) if base else []
        )
        if revision.action != RevisionAction.PROPOSED:
            base = revision
    pending = [r for r in revisions if r.is_pending]
    return pending, [r for r in revisions if not r.is_pending]


def resolve_references(content):
    """({region, themes, sources, actors}, errors) for a practice dict's names."""
    errors = []
    names = [part for part in content["region"].split("/") if part]
    regions = [
        r
        for r in Region.objects.by_name_path(content["region"])
        if r.depth == len(names)
    ]
    if len(regions) != 1:
        errors.append(
            ("region", _("no region is named %(name)s") % {"name": content["region"]})
        )
    themes = list(Theme.objects.filter(slug__in=content.get("themes", [])))
    sources = list(SourceDocument.objects.filter(slug__in=content["sources"]))
    wanted_actors = {
        part["actor"]
        for _path, owner in owners(content)
        for _index, part in present(owner.get("involvements"))
    }
    by_folded = {a.folded_name: a for a in Actor.objects.named(wanted_actors)}
    actors = {
        name: by_folded[fold_script(name)]
        for name in wanted_actors
        if fold_script(name) in by_folded
    }
    for key, found, wanted in [
        ("themes", {t.slug for t in themes}, content.get("themes", [])),
        ("sources", {s.slug for s in sources}, content["sources"]),
        ("actors", set(actors), wanted_actors),
    ]:
        for missing in sorted(set(wanted) - found):
            errors.append(
                (key, _("%(name)s is no longer in the library") % {"name": missing})
            )
    refs = {
        "region": regions[0] if len(regions) == 1 else None,
        "themes": themes,
        "sources": sources,
        "actors": actors,
    }
    return refs, errors
