"""Script-folding keyword search.

Content is stored as written (Simplified or Traditional). Each practice keeps a
folded copy of its searchable text (NFKC → OpenCC t2s → lowercase) and, for
PostgreSQL, the same text as tokens: CJK n-grams of one to four characters plus
ASCII words (Lucene's CJK analyzer indexes bigrams; longer n-grams make the common
2–4-character terms exact single-token lookups). A GIN index on the tsvector of the
tokens serves 1-character and longer queries (pg_trgm has no index path below 3
characters); terms longer than four characters are rechecked against the folded
text. On SQLite an FTS5 table over the same tokens (migration 0011) is the index.
"""

import re

from django.db import connection
from django.db.models import BooleanField, Case, F, Func, IntegerField, Q, Value
from django.db.models.expressions import RawSQL, When

from .folding import fold_script
from .models import PracticeSearch

MAX_QUERY_LENGTH = 100
# CJK n-grams indexed, up to this length: the commonest Chinese search terms have
# two to four characters, and a term that is one token needs no phrase recheck.
MAX_NGRAM = 4
CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
CJK_RUN = re.compile(f"[{CJK}]+")
WORD = re.compile(r"[0-9a-z]+")
# PostgreSQL's longest lexeme, in bytes (an ASCII word: a byte a character);
# to_tsvector used to leave longer words out with a notice, a tsvector built from
# the tokens cannot hold one. Queries are far shorter (MAX_QUERY_LENGTH).
MAX_LEXEME = 2047
TOKEN_RUN = re.compile(f"[{CJK}]+|[0-9a-z]+")


def ngrams(run, n):
    return [run[i : i + n] for i in range(len(run) - n + 1)]


def tokens(folded):
    """Index tokens of folded text: every CJK n-gram of 1 to MAX_NGRAM characters,
    and every ASCII word up to MAX_LEXEME characters (longer ones no query can
    hold)."""
    result = []
    extend = result.extend
    for run in TOKEN_RUN.findall(folded):
        if run[0] > "z":  # a CJK run (TOKEN_RUN's others are ASCII letters, digits)
            extend(run)  # its characters
            for n in range(2, min(len(run), MAX_NGRAM) + 1):
                extend(ngrams(run, n))
        elif len(run) <= MAX_LEXEME:
            result.append(run)
    return result


def query_tokens(folded_term):
    """Tokens a document must have to contain `folded_term`: a CJK run of up to
    MAX_NGRAM characters is one token; a longer one, all its MAX_NGRAM-grams."""
    result = []
    for run in TOKEN_RUN.findall(folded_term):
        if CJK_RUN.fullmatch(run) and len(run) > MAX_NGRAM:
            result.extend(ngrams(run, MAX_NGRAM))
        else:
            result.append(run)
    return result


def is_exact_token(term):
    """A CJK term of up to MAX_NGRAM characters is one index token: no recheck."""
    return len(term) <= MAX_NGRAM and bool(CJK_RUN.fullmatch(term))


def query_terms(query):
    """The folded, whitespace-separated terms of a keyword query."""
    return [term for term in fold_script(query).split() if term]


class TokensMatch(Func):
    """PracticeSearch's generated `vector` column (its tokens as a tsvector,
    GIN-indexed, migration 0013) @@ the tsquery of a query's tokens, all of them
    (tokens_query). PostgreSQL."""

    output_field = BooleanField()

    def as_sql(self, compiler, connection, **extra):
        tokens_sql, params = compiler.compile(self.source_expressions[0])
        query_sql, query_params = compiler.compile(self.source_expressions[1])
        vector_sql = tokens_sql[: -len('"tokens"')] + '"vector"'
        sql = f"{vector_sql} @@ ({query_sql})::tsquery"
        return sql, (*params, *query_params)


def tokens_query(term_tokens):
    """A tsquery holding every one of `term_tokens` as it is: each a quoted lexeme,
    as the vector stores each token (not through the text search parser)."""
    quoted = (
        "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"
        for token in term_tokens
    )
    return " & ".join(quoted)


FTS_MATCH = "SELECT rowid FROM practice_search_fts WHERE practice_search_fts MATCH %s"


def search_matches(terms):
    """PracticeSearch rows holding every folded term (found through the index:
    PostgreSQL's GIN, SQLite's FTS5)."""
    matches = PracticeSearch.objects.all()
    for term in terms:
        term_tokens = query_tokens(term)
        if term_tokens and connection.vendor in ("postgresql", "sqlite"):
            if connection.vendor == "postgresql":
                found = TokensMatch(F("tokens"), Value(tokens_query(term_tokens)))
                matches = matches.filter(found)
            else:  # every token, each a phrase of one token
                phrase = " AND ".join(f'"{token}"' for token in term_tokens)
                matches = matches.filter(practice_id__in=RawSQL(FTS_MATCH, [phrase]))
            if is_exact_token(term):
                continue  # the index alone is exact for one CJK character or pair
        matches = matches.filter(text__contains=term)
    return matches


def estimated_matches(terms):
    """(PostgreSQL's estimate of the search rows holding the index tokens of every
    term, the number of search rows): an EXPLAIN of the index match alone, whose
    estimate comes from the index's token statistics (a recheck of the text, for a
    term longer than one token, is a guess the planner cannot make)."""
    matches = PracticeSearch.objects.all()
    for term in terms:
        term_tokens = query_tokens(term)
        if term_tokens:
            matches = matches.filter(
                TokensMatch(F("tokens"), Value(tokens_query(term_tokens)))
            )
    sql, params = matches.values("practice_id").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        expected = cursor.fetchone()[0][0]["Plan"]["Plan Rows"]
        cursor.execute(
            "SELECT reltuples FROM pg_class WHERE oid = %s::regclass",
            [PracticeSearch._meta.db_table],
        )
        total = max(cursor.fetchone()[0], 0)
    return expected, total


def filter_by_keyword(queryset, query):
    """Practices containing every term of `query`, title and alias matches first.

    Returns the queryset annotated with `title_match` (1 or 0) for ordering.
    """
    terms = query_terms(query)
    if not terms:
        return queryset.annotate(title_match=Value(0, output_field=IntegerField()))
    matches = search_matches(terms)
    queryset = queryset.filter(pk__in=matches.values("practice_id"))
    in_title = Q()
    for term in terms:
        in_title &= Q(search_title__contains=term)
    return queryset.annotate(
        title_match=Case(
            When(in_title, then=Value(1)), default=Value(0), output_field=IntegerField()
        )
    )
