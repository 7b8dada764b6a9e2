"""Citable versions: each published state of a practice has a number, 1, 2, 3…,
read off its history (practices/history.py). A revision is a new version when the
practice is published in it and its content differs from the version before
(publishing again what was published is the same version)."""

from dataclasses import dataclass

from .choices import Status


@dataclass
class Version:
    number: int
    content: dict  # the snapshot shape (practices/snapshot.py)
    created_at: object


def _without_status(content):
    return {key: value for key, value in content.items() if key != "status"}


def published_versions(practice):
    """The practice's published versions, oldest first (one query)."""
    versions = []
    for revision in practice.revisions.applied().order_by("created_at", "pk"):
        content = revision.content
        if content.get("status") != Status.PUBLISHED:
            continue
        if versions and _without_status(versions[-1].content) == _without_status(
            content
        ):
            continue
        versions.append(Version(len(versions) + 1, content, revision.created_at))
    return versions


def current_version_number(practice):
    """The number of the published state the public now sees: the last version,
    or 1 for a practice published without a recorded history."""
    return len(published_versions(practice)) or 1
