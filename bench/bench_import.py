"""Ingest at library size: `manage.py import_cases` of a file of COUNT practices into
the library DATABASE_URL names (issue 18: ≥ 500 practices/s for 1,000 on PostgreSQL):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/govcases_bench \
        python bench/bench_import.py --count 1000 --runs 3

The file is COUNT synthetic practices exported by `export_cases`, under new slugs and
source keys, so that each run imports COUNT new practices (with their sources) into
the full library, through the command as staff run it (--publish). Each run then
imports the same file again (nothing changed: checked, compared and left alone),
and the practices it added are deleted afterwards (not timed). Prints practices/s
and the number of SQL statements for both.
"""

import argparse
import io
import statistics
import tempfile
import time
from pathlib import Path

from django_setup import setup

setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from casefiles.writer import dump_case_file, export_case_file  # noqa: E402
from practices.models import Practice, SourceDocument  # noqa: E402

PREFIX = "bench-import-"


def case_file(count):
    """COUNT synthetic practices as a case file, under new slugs and source keys."""
    practices = Practice.objects.filter(slug__startswith="synthetic-").order_by("pk")
    document = export_case_file(practices[:count])
    for source in document["sources"]:
        source["key"] = PREFIX + source["key"]
    for practice in document["practices"]:
        practice["slug"] = PREFIX + practice["slug"]
        practice["sources"] = [PREFIX + key for key in practice["sources"]]
    return dump_case_file(document)


def timed_import(path):
    statements = []

    def count(execute, sql, params, many, context):
        statements.append(1)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        started = time.perf_counter()
        call_command(
            "import_cases",
            str(path),
            "--publish",
            "--max-bytes",
            str(10**9),
            stdout=io.StringIO(),
        )
        seconds = time.perf_counter() - started
    return seconds, len(statements)


def clean_up():
    with transaction.atomic():
        deleted, _ = Practice.objects.filter(slug__startswith=PREFIX).delete()
        SourceDocument.objects.filter(slug__startswith=PREFIX).delete()
    if deleted and connection.vendor == "postgresql":
        # What autovacuum and the checkpointer would do about the deleted rows,
        # done now (not timed) rather than during the next run.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")
            cursor.execute("CHECKPOINT")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    clean_up()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "practices.json"
        path.write_text(case_file(args.count), encoding="utf-8")
        size = path.stat().st_size
        print(f"{args.count} practices, {size / 1e6:.1f} MB, {connection.vendor}")
        results = {"new": [], "unchanged": []}
        for run in range(args.runs):
            for label in results:
                seconds, statements = timed_import(path)
                results[label].append(seconds)
                print(
                    f"run {run + 1} {label:9s} {seconds:6.2f} s "
                    f"{args.count / seconds:7.0f} practices/s "
                    f"{statements:5d} SQL statements"
                )
            clean_up()
    for label, times in results.items():
        best, median = min(times), statistics.median(times)
        print(
            f"{label:9s} median {median:6.2f} s ({args.count / median:.0f}/s), "
            f"best {best:6.2f} s ({args.count / best:.0f}/s)"
        )


if __name__ == "__main__":
    main()
