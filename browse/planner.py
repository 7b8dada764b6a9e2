"""Planner settings for the public list queries on PostgreSQL."""

from contextlib import contextmanager

from django.db import connection, transaction


@contextmanager
def index_scans_only():
    """Run the browse queries with sequential scans ruled out (PostgreSQL only).

    Every public list query filters on status, the key of the covering index
    `practice_facet_cover`, and keyword queries enter the search table through its
    GIN index. PostgreSQL's cost model does not see what those paths save: for the
    wide practice table it prefers a parallel sequential scan (140 ms against 95 ms
    index-only for the facet query at 100k practices), and for a common word it
    scans the search table, de-TOASTing and matching every vector (0.5–1 s against
    ~20 ms for the bitmap index scan). And the selectivity of a phrase recheck
    is a guess (0.5%): a nested loop built on it probes the practice index once per
    match, 10k+ times for a common phrase, where a hash join over the covering
    index costs ~30 ms at most. The settings last for one transaction.
    """
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_nestloop = off")
        yield
