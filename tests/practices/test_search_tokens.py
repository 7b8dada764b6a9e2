"""The index tokens (practices/search.py) find a term exactly: a practice holds
every token a term asks for (a prefix for two or three characters) if and only if
its folded text contains the term, wherever the term stands in a run of
characters; and the databases' indexes answer the same (GIN, FTS5)."""

import pytest

from practices.derived import refresh_derived_fields
from practices.folding import fold_script
from practices.models import Practice
from practices.search import (
    filter_by_keyword,
    is_exact_token,
    query_tokens,
    split_prefix,
    tokens,
)

from ..conftest import seed_documents

pytestmark = pytest.mark.django_db


def found_by_tokens(term, text):
    """Whether a document of folded `text` matches `term` as the search does."""
    held = set(tokens(text))
    for stem, prefix in map(split_prefix, query_tokens(term)):
        if prefix:
            if not any(t.startswith(stem) for t in held):
                return False
        elif stem not in held:
            return False
    return is_exact_token(term) or term in text


def seed_text():
    lines = []
    for document in seed_documents():
        for practice in document["practices"]:
            lines += [practice["title"], practice.get("summary", "")]
            lines += [s.get("name", "") for s in practice.get("steps", [])]
    return fold_script("\n".join(lines))


def test_every_term_of_one_to_six_characters_is_found_exactly():
    """Every stretch of the seed practices' titles, summaries and step names, and
    the same stretches with a character changed, over lines of each length."""
    text = seed_text()
    lines = text.split("\n")
    checked = 0
    for line in lines:
        for size in range(1, 7):
            for start in range(len(line) - size + 1):
                term = line[start : start + size]
                if not term.strip() or term != term.strip():
                    continue
                assert found_by_tokens(term, line), (term, line)
                changed = term[:-1] + ("网" if term[-1] != "网" else "格")
                assert found_by_tokens(changed, line) == (changed in line)
                checked += 1
    assert checked > 10_000


@pytest.mark.parametrize(
    "term, found",
    [
        ("网", True),
        ("格员", True),  # the last two characters of a run
        ("网格员", True),  # its last three
        ("巡查", True),  # two in the middle of a run
        ("格员巡", True),  # three in the middle
        ("网格员巡", True),  # four
        ("网格员巡查走", True),  # more: 4-grams, then rechecked
        ("员巡查走访", True),
        ("格网", False),
        ("巡查员", False),
        ("走访群众", False),  # across a line break
        ("網格員", True),  # Traditional
    ],
)
def test_the_database_index_finds_a_term_wherever_it_stands(make_practice, term, found):
    practice = make_practice(title="网格员巡查走访", summary="群众\n走访")
    refresh_derived_fields(Practice.objects.filter(pk=practice.pk))
    matches = filter_by_keyword(Practice.objects.all(), fold_script(term))
    assert matches.filter(pk=practice.pk).exists() == found
