"""Issue 18's page targets: server time of each public page beside the SQL it runs.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/govcases_bench \
        python bench/bench_targets.py --runs 30 [--cache none|facets|pages]

For each scenario (browse with every facet: no filter, a province, province + theme,
page 50; keyword searches of 1, 2, 4 and 5 characters in both scripts; a rare term;
the practice page; /regions/ and /themes/), through Django's whole stack in this
process (routing, middleware, view, queries, template, script conversion), with
production settings (debug off, manifest static storage):

- "server" p50 / p95: wall-clock time of a request, after two warm-up requests;
- "SQL" p95: the exact statements one request ran (captured, with their planner
  settings), executed again directly on the connection's cursor in one transaction,
  the same number of times;
- server ÷ SQL: what Python and the template add (the issue's target: ≤ 2).

--cache says what may be kept between requests: `none` (every request counts and
renders), `facets` (facet counts kept under the library's version: what a first
reader of a page costs once the counts are warm), `pages` (whole pages kept: what
every later reader costs). The cache is this process's memory unless
GOVCASES_CACHE_URL names a Redis.
"""

import argparse
import os
import statistics
import time

from django_setup import setup

CACHE_SECONDS = {"none": ("0", "0"), "facets": ("86400", "0"), "pages": ("86400",) * 2}


def configure():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--cache", choices=CACHE_SECONDS, default="none")
    args = parser.parse_args()
    facets, pages = CACHE_SECONDS[args.cache]
    os.environ["GOVCASES_FACET_CACHE_SECONDS"] = facets
    os.environ["GOVCASES_PAGE_CACHE_SECONDS"] = pages
    return args


ARGS = configure()
setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from practices.models import Practice, Region  # noqa: E402


def scenarios():
    province = Region.objects.get(name="湖南省", depth=1).url_key
    practice = (
        Practice.objects.published().filter(title="六单工作法").first()
        or Practice.objects.published().order_by("pk").first()
    )
    browse = "/practices/"
    return [
        ("browse, no filter", browse, {}),
        ("browse, 湖南省", browse, {"region": province}),
        ("browse, 湖南省 + theme", browse,
         {"region": province, "theme": "grid-management"}),
        ("browse, page 50", browse, {"page": "50"}),
        ("q 网 (1 char)", browse, {"q": "网"}),
        ("q 网格", browse, {"q": "网格"}),
        ("q 網格", browse, {"q": "網格"}),
        ("q 矛盾纠纷 (4)", browse, {"q": "矛盾纠纷"}),
        ("q 矛盾糾紛 (4)", browse, {"q": "矛盾糾紛"}),
        ("q 六单工作法 (5)", browse, {"q": "六单工作法"}),
        ("q 六單工作法 (5)", browse, {"q": "六單工作法"}),
        ("q 墨脱 (rare)", browse, {"q": "墨脱"}),
        (f"practice page {practice.title[:8]}", f"/practices/{practice.slug}/", {}),
        ("/regions/", "/regions/", {}),
        ("/themes/", "/themes/", {}),
    ]  # fmt: skip


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def server_times(client, path, params, runs):
    for _ in range(2):
        assert client.get(path, params).status_code == 200
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(path, params)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    return times, response


def captured_statements(client, path, params):
    """The statements one request runs (as sent, parameters filled in)."""
    with CaptureQueriesContext(connection) as captured:
        client.get(path, params)
    return [query["sql"] for query in captured.captured_queries]


def sql_times(statements, runs):
    """Run the statements again, in one transaction each time (so SET LOCAL holds)."""
    times = []
    for _ in range(runs):
        with transaction.atomic(), connection.cursor() as cursor:
            started = time.perf_counter()
            for sql in statements:
                if sql.startswith(("SAVEPOINT", "RELEASE SAVEPOINT")):
                    continue
                cursor.execute(sql)
                if cursor.description:
                    cursor.fetchall()
            times.append((time.perf_counter() - started) * 1000)
    return times


def main():
    call_command("collectstatic", interactive=False, verbosity=0)  # production storage
    client = Client()
    total = Practice.objects.published().count()
    print(
        f"{total} published practices on {connection.vendor}; cache: {ARGS.cache}; "
        f"{ARGS.runs} runs each\n"
    )
    print(
        "| page | server p50 ms | server p95 ms | queries | SQL p95 ms "
        "| server ÷ SQL |\n| --- | ---: | ---: | ---: | ---: | ---: |"
    )
    for label, path, params in scenarios():
        times, response = server_times(client, path, params, ARGS.runs)
        statements = (
            [] if ARGS.cache == "pages" else captured_statements(client, path, params)
        )
        sql = sql_times(statements, ARGS.runs) if statements else [0.0]
        p50, p95, sql95 = (
            statistics.median(times),
            percentile(times, 0.95),
            percentile(sql, 0.95),
        )
        ratio = f"{p95 / sql95:.1f}" if sql95 else "—"
        queries = sum(1 for s in statements if not s.startswith(("SAVEPOINT", "REL")))
        print(
            f"| {label} | {p50:.1f} | {p95:.1f} | {queries} | {sql95:.1f} | {ratio} |"
        )


if __name__ == "__main__":
    main()
