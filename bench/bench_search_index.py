"""The search index's size per 100k practices, against a leaner alternative.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/govcases_bench \
        python bench/bench_search_index.py --runs 20

Today PracticeSearch stores the folded text, its tokens (CJK 1–4-grams, space
separated) and a generated tsvector of the tokens without positions (migration
0013; before it, to_tsvector with positions), the long columns out of line and
uncompressed. On PostgreSQL the tokens column only feeds the vector. The
alternative, built here in a scratch table and dropped at the end: the text and
the tsvector, without the tokens column, with the same GIN index. For each it
prints the table, TOAST and index sizes, and p50/p95 of the match query (the ids
of every practice holding the term, as the browse page's count and page queries
start from) for terms of 1, 2, 4 and 5 characters and a rare one.
"""

import argparse
import statistics
import time

from django_setup import setup

setup()

from django.db import connection  # noqa: E402

from browse.planner import index_scans_only  # noqa: E402
from practices.search import query_terms, query_tokens, tokens_query  # noqa: E402

TERMS = ["网", "网格", "矛盾纠纷", "六单工作法", "墨脱"]
SCRATCH = "bench_search_alternative"
BUILD = [
    f"DROP TABLE IF EXISTS {SCRATCH}",
    f"CREATE TABLE {SCRATCH} (practice_id bigint PRIMARY KEY, text text NOT NULL, "
    "vector tsvector NOT NULL)",
    f"ALTER TABLE {SCRATCH} SET (toast_tuple_target = 128)",
    f"ALTER TABLE {SCRATCH} ALTER COLUMN text SET STORAGE EXTERNAL",
    f"ALTER TABLE {SCRATCH} ALTER COLUMN vector SET STORAGE EXTERNAL",
    f"INSERT INTO {SCRATCH} SELECT practice_id, text, vector "
    "FROM practices_practicesearch",
    f"CREATE INDEX {SCRATCH}_gin ON {SCRATCH} USING gin (vector)",
    f"VACUUM ANALYZE {SCRATCH}",
]


def sizes(table, index):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_relation_size(%s::regclass), "
            "pg_total_relation_size(%s::regclass) - pg_relation_size(%s::regclass) "
            "- pg_indexes_size(%s::regclass), pg_relation_size(%s::regclass)",
            [table, table, table, table, index],
        )
        return cursor.fetchone()


def match_times(table, term, runs):
    tokens = tokens_query(query_tokens(query_terms(term)[0]))
    sql = f"SELECT practice_id FROM {table} WHERE vector @@ %s::tsquery"
    if len(term) > 4:
        sql += " AND text LIKE %s"
    params = [tokens, f"%{term}%"] if len(term) > 4 else [tokens]
    times, found = [], 0
    with index_scans_only(), connection.cursor() as cursor:  # as browse runs it
        for _ in range(runs + 2):
            started = time.perf_counter()
            cursor.execute(sql, params)
            found = len(cursor.fetchall())
            times.append((time.perf_counter() - started) * 1000)
    times = times[2:]
    ordered = sorted(times)
    return statistics.median(times), ordered[round(0.95 * (len(ordered) - 1))], found


def mb(value):
    return f"{value / 2**20:,.0f}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("run this on PostgreSQL")
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM practices_practicesearch")
        count = cursor.fetchone()[0]
        started = time.perf_counter()
        for statement in BUILD:
            cursor.execute(statement)
        built = time.perf_counter() - started
    try:
        layouts = [
            ("today: text, tokens, tsvector", "practices_practicesearch",
             "practice_search_vector_gin"),
            ("alternative: text, tsvector", SCRATCH, f"{SCRATCH}_gin"),
        ]  # fmt: skip
        print(f"{count} practices; alternative built in {built:.0f} s\n")
        print("| layout | heap MB | TOAST MB | GIN MB | per 100k MB |")
        print("| --- | ---: | ---: | ---: | ---: |")
        for label, table, index in layouts:
            heap, toast, gin = sizes(table, index)
            per = (heap + toast + gin) * 100_000 / max(count, 1)
            print(f"| {label} | {mb(heap)} | {mb(toast)} | {mb(gin)} | {mb(per)} |")
        print("\n| term | matches | today p50 / p95 ms | alternative p50 / p95 ms |")
        print("| --- | ---: | ---: | ---: |")
        for term in TERMS:
            today = match_times("practices_practicesearch", term, args.runs)
            other = match_times(SCRATCH, term, args.runs)
            print(
                f"| {term} | {today[2]} | {today[0]:.1f} / {today[1]:.1f} "
                f"| {other[0]:.1f} / {other[1]:.1f} |"
            )
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {SCRATCH}")


if __name__ == "__main__":
    main()
