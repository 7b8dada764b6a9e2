"""Script-folding keyword search.

Content is stored as written (Simplified or Traditional). Each practice keeps a
folded copy of its searchable text (NFKC → OpenCC t2s → lowercase) and, for
PostgreSQL, the same text as tokens: CJK single characters and bigrams plus ASCII
words, as Lucene's CJK analyzer does. A GIN index on to_tsvector('simple', tokens)
serves 1-, 2- and longer queries (pg_trgm has no index path below 3 characters);
the folded text then rechecks the exact phrase. SQLite scans the folded text.
"""

import re
import unicodedata
from functools import lru_cache

from django.db import connection
from django.db.models import BooleanField, Case, F, Func, IntegerField, Q, Value, When
from opencc import OpenCC

MAX_QUERY_LENGTH = 100
CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
CJK_RUN = re.compile(f"[{CJK}]+")
WORD = re.compile(r"[0-9a-z]+")
TOKEN_RUN = re.compile(f"[{CJK}]+|[0-9a-z]+")


@lru_cache(maxsize=1)
def _to_simplified():
    return OpenCC("t2s")


@lru_cache(maxsize=1)
def _to_traditional():
    return OpenCC("s2t")


def fold_script(text):
    """Text folded for comparison: 六單工作法 → 六单工作法, ＡＢＣ → abc."""
    text = unicodedata.normalize("NFKC", text or "")
    return _to_simplified().convert(text).lower()


def to_traditional(text):
    return _to_traditional().convert(text or "")


def tokens(folded):
    """Index tokens of folded text: each CJK character and pair, each ASCII word."""
    result = []
    for run in TOKEN_RUN.findall(folded):
        if CJK_RUN.fullmatch(run):
            result.extend(run)
            result.extend(run[i : i + 2] for i in range(len(run) - 1))
        else:
            result.append(run)
    return result


def query_tokens(folded_term):
    """Tokens a document must have to contain `folded_term`: bigrams, or the char."""
    result = []
    for run in TOKEN_RUN.findall(folded_term):
        if CJK_RUN.fullmatch(run) and len(run) > 1:
            result.extend(run[i : i + 2] for i in range(len(run) - 1))
        else:
            result.append(run)
    return result


def query_terms(query):
    """The folded, whitespace-separated terms of a keyword query."""
    return [term for term in fold_script(query).split() if term]


def practice_search_fields(practice):
    """search_title, search_text and search_tokens of a practice (parts prefetched)."""
    region_names = [r.name for r in practice.region.ancestors(include_self=True)]
    parts = [practice.title, practice.alias, practice.summary, practice.problem]
    parts += [practice.outcomes, *region_names]
    parts += [f"{t.name} {t.name_en}" for t in practice.themes.all()]
    parts += [f"{s.name} {s.description}" for s in practice.steps.all()]
    parts += [i.actor.name for i in practice.involvements.all()]
    parts += [m.name for m in practice.metrics.all()]
    text = fold_script("\n".join(p for p in parts if p))
    return {
        "search_title": fold_script(f"{practice.title}\n{practice.alias}"),
        "search_text": text,
        "search_tokens": " ".join(dict.fromkeys(tokens(text))),
    }


class TokensMatch(Func):
    """to_tsvector('simple', tokens) @@ plainto_tsquery('simple', query): the
    expression of the GIN index created in migration 0003 (PostgreSQL only)."""

    output_field = BooleanField()

    def as_sql(self, compiler, connection, **extra):
        field_sql, field_params = compiler.compile(self.source_expressions[0])
        query_sql, query_params = compiler.compile(self.source_expressions[1])
        sql = (
            f"to_tsvector('simple', {field_sql}) @@ "
            f"plainto_tsquery('simple', {query_sql})"
        )
        return sql, (*field_params, *query_params)


def filter_by_keyword(queryset, query):
    """Practices containing every term of `query`, title and alias matches first.

    Returns the queryset annotated with `title_match` (1 or 0) for ordering.
    """
    terms = query_terms(query)
    if not terms:
        return queryset.annotate(title_match=Value(0, output_field=IntegerField()))
    for term in terms:
        term_tokens = query_tokens(term)
        if connection.vendor == "postgresql" and term_tokens:
            queryset = queryset.filter(
                TokensMatch(F("search_tokens"), Value(" ".join(term_tokens)))
            )
        queryset = queryset.filter(search_text__contains=term)
    in_title = Q()
    for term in terms:
        in_title &= Q(search_title__contains=term)
    return queryset.annotate(
        title_match=Case(
            When(in_title, then=Value(1)), default=Value(0), output_field=IntegerField()
        )
    )
