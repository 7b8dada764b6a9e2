"""Keyword lists are planned by how rare PostgreSQL expects the keyword to be: a
common one by hash joins over the indexes, a rare one by nested loops from its
few matches (merge joins ruled out, which would read every search row)."""

import pytest
from django.db import connection

from browse import planner
from browse.planner import index_scans_only, keyword_is_rare
from practices.models import Practice

pytestmark = pytest.mark.django_db
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="planner settings are PostgreSQL's"
)


def setting(name):
    with connection.cursor() as cursor:
        cursor.execute(f"SHOW {name}")
        return cursor.fetchone()[0]


@postgresql_only
@pytest.mark.parametrize(
    ("rare", "nestloop", "mergejoin"), [(False, "off", "on"), (True, "on", "off")]
)
def test_the_joins_allowed_follow_the_keywords_rarity(rare, nestloop, mergejoin):
    with index_scans_only(rare=rare):
        assert setting("enable_seqscan") == "off"
        assert (setting("enable_nestloop"), setting("enable_mergejoin")) == (
            nestloop,
            mergejoin,
        )


def test_rare_means_expected_in_at_most_two_practices_in_a_hundred(monkeypatch):
    for expected, rare in [(19, True), (20, True), (21, False), (900, False)]:
        monkeypatch.setattr(
            planner, "estimated_matches", lambda t, e=expected: (e, 1000)
        )
        assert planner._is_rare(["墨脱"]) is rare


@postgresql_only
def test_the_estimate_is_postgresqls_own(seed_library):
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE practices_practicesearch")
    expected, total = planner.estimated_matches(["网格"])
    assert 0 < expected <= total == Practice.objects.count()
    assert keyword_is_rare("") is False
