"""The library's version: a number in the cache that every committed write to what
the public pages show moves on, so that counts cached under it (browse/facets.py)
are right the moment a practice is published or edited, however long they are kept.

Writes are caught where they happen: the models' save/delete signals and their
theme/source links, and the write paths that change rows in bulk (derived fields,
status actions, region loads) call `library_changed()` themselves. It runs after
the transaction commits (a rolled-back write moves nothing), once per transaction.
With a shared cache (Redis) every server sees the move at once; with a cache per
process, the keep time (settings.FACET_CACHE_SECONDS) bounds what another process
may show.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

KEY = "library-version"


def library_version():
    """The current version (0 until the first write since the cache was empty)."""
    return cache.get(KEY, 0)


def library_changed(**_signal_kwargs):
    """Move the version on when the current transaction commits (once)."""
    connection = transaction.get_connection()
    here = set(connection.savepoint_ids)
    if connection.in_atomic_block and any(
        func is _move_on and sids == here
        for sids, func, _robust in connection.run_on_commit
    ):
        return  # already due at this commit (a savepoint rolled back drops it)
    transaction.on_commit(_move_on)


def _move_on():
    try:
        cache.incr(KEY)
    except ValueError:  # not in the cache yet (or evicted): start a new count
        cache.set(KEY, 1, None)


def connect_signals():
    """Called by PracticesConfig.ready()."""
    from .models import (
        Actor,
        FormerRegion,
        Involvement,
        Metric,
        Practice,
        Region,
        SourceDocument,
        Step,
        Theme,
    )

    for model in (
        Practice, Step, Involvement, Metric, Actor, Theme, Region, FormerRegion,
        SourceDocument,
    ):  # fmt: skip
        post_save.connect(library_changed, sender=model, weak=False)
        post_delete.connect(library_changed, sender=model, weak=False)
    for through in (Practice.themes.through, Practice.sources.through):
        m2m_changed.connect(library_changed, sender=through, weak=False)


def kept(name, parts, compute):
    """`compute()`, kept in the cache under the library's version, `name` and
    `parts` (anything with a stable repr: the query, the language …) for
    settings.FACET_CACHE_SECONDS: what public pages count or sort is computed once
    per change of the library, not for every reader. The version is read before
    computing, so a write committed meanwhile never leaves older rows under the
    newer version."""
    key = kept_key(name, parts)
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, settings.FACET_CACHE_SECONDS)
    return value


def kept_key(name, parts):
    """The key `kept` would use (for a template fragment kept the same way)."""
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()
    return f"{name}:{library_version()}:{digest}"
