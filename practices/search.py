"""Script-folding keyword search.

Content is stored as written (Simplified or Traditional). Each practice keeps a
folded copy of its searchable text (NFKC → OpenCC t2s → lowercase) and the same
text as index tokens: every CJK character, every CJK 4-gram, and the last two and
three characters of each CJK run, plus ASCII words. Every 2- or 3-character
stretch of a run begins one of those (a 4-gram, or the run's end), so a term of
two or three characters is found exactly by the tokens it begins (a prefix
match), one character by its token, four by theirs; a longer term by all its
4-grams, then rechecked against the folded text. Indexing every 2- and 3-gram as
well, as this did until migration 0014, made 2- and 3-character terms single
lookups a few milliseconds faster but held 1.8 times the tokens: every write,
merge and byte of the index cost that much more (bench/README.md). PostgreSQL
finds tokens through a GIN index on their tsvector (pg_trgm has no index path
below 3 characters); SQLite through an FTS5 table over them (migration 0011).
"""

import re

from django.db import connection
from django.db.models import BooleanField, Case, F, Func, IntegerField, Q, Value
from django.db.models.expressions import RawSQL, When

from .folding import fold_script
from .models import PracticeSearch

MAX_QUERY_LENGTH = 100
# CJK n-grams indexed whole: a term up to this length needs no recheck.
MAX_NGRAM = 4
CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
CJK_RUN = re.compile(f"[{CJK}]+")
WORD = re.compile(r"[0-9a-z]+")
# PostgreSQL's longest lexeme, in bytes (an ASCII word: a byte a character);
# to_tsvector used to leave longer words out with a notice, a tsvector built from
# the tokens cannot hold one. Queries are far shorter (MAX_QUERY_LENGTH).
MAX_LEXEME = 2047
TOKEN_RUN = re.compile(f"[{CJK}]+|[0-9a-z]+")
PREFIX = "*"  # a query token ending so matches every index token it begins


def ngrams(run, n):
    return [run[i : i + n] for i in range(len(run) - n + 1)]


def tokens(folded):
    """Index tokens of folded text: each CJK run's characters, its 4-grams and its
    last two and three characters; every ASCII word up to MAX_LEXEME characters
    (longer ones no query can hold)."""
    result = []
    extend, append = result.extend, result.append
    for run in TOKEN_RUN.findall(folded):
        if run[0] > "z":  # a CJK run (TOKEN_RUN's others are ASCII letters, digits)
            extend(run)  # its characters
            if len(run) >= MAX_NGRAM:
                extend(ngrams(run, MAX_NGRAM))
            if len(run) >= 2:
                append(run[-2:])
            if len(run) >= 3:
                append(run[-3:])
        elif len(run) <= MAX_LEXEME:
            append(run)
    return result


def query_tokens(folded_term):
    """Index tokens a document must have to contain `folded_term`: a CJK run of one
    or MAX_NGRAM characters is one token; of two or three, a prefix of one
    (ending in PREFIX); a longer one, all its MAX_NGRAM-grams. An ASCII word is
    one token."""
    result = []
    for run in TOKEN_RUN.findall(folded_term):
        if run[0] <= "z" or len(run) in (1, MAX_NGRAM):
            result.append(run)
        elif len(run) < MAX_NGRAM:
            result.append(run + PREFIX)
        else:
            result.extend(ngrams(run, MAX_NGRAM))
    return result


def is_exact_token(term):
    """A CJK term of up to MAX_NGRAM characters is found exactly by the index (its
    token, or the tokens it begins): no recheck."""
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
    as the vector stores each token (not through the text search parser), a
    prefix match where it ends in PREFIX."""
    return " & ".join(map(_lexeme, term_tokens))


def _lexeme(token):
    stem, prefix = split_prefix(token)
    quoted = "'" + stem.replace("\\", "\\\\").replace("'", "''") + "'"
    return quoted + ":*" if prefix else quoted


def fts_query(term_tokens):
    """An FTS5 query holding every one of `term_tokens`, each a phrase of one token
    (a prefix query where it ends in PREFIX): SQLite."""
    phrases = (
        f'"{stem}"' + ("*" if prefix else "")
        for stem, prefix in map(split_prefix, term_tokens)
    )
    return " AND ".join(phrases)


def split_prefix(token):
    """(the index token or prefix, whether it is a prefix) of a query token."""
    return token.removesuffix(PREFIX), token.endswith(PREFIX)


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
            else:
                found = RawSQL(FTS_MATCH, [fts_query(term_tokens)])
                matches = matches.filter(practice_id__in=found)
            if is_exact_token(term):
                continue  # the index alone is exact for up to MAX_NGRAM characters
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
