"""Planner settings for the public list queries on PostgreSQL."""

from contextlib import contextmanager

from django.db import connection, transaction

from practices.library_version import kept
from practices.search import estimated_matches, query_terms

# A keyword the planner expects in at most this share of the library is rare: its
# lists are joined by nested loops from the few matches (墨脱 at 1M practices:
# 1.8 s with nested loops ruled out, bench/README.md).
RARE_SHARE = 0.02


def keyword_is_rare(query):
    """Whether PostgreSQL expects keyword `query` in at most RARE_SHARE of the
    practices (its own estimate from the index's statistics; kept under the
    library's version and the folded terms, so each keyword is planned once)."""
    terms = query_terms(query)
    if connection.vendor != "postgresql" or not terms:
        return False
    return kept("keyword-rare", terms, lambda: _is_rare(terms))


def _is_rare(terms):
    expected, total = estimated_matches(terms)
    return expected <= RARE_SHARE * total


@contextmanager
def index_scans_only(rare=False):
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
    index costs ~30 ms at most — unless the keyword is `rare` (keyword_is_rare):
    then nested loops from its few matches are the fast plan and stay allowed.
    The settings last for one transaction.
    """
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        # A merge join would read the search rows in key order, matching each
        # vector on the way instead of using the index.
        cursor.execute(f"SET LOCAL enable_{'mergejoin' if rare else 'nestloop'} = off")
        yield
