"""Server time of the browse page with facets and of keyword searches.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/govcases_bench \
        python bench/bench_browse.py --runs 30

Each scenario is requested through Django's full stack in this process (URL
routing, middleware, view, queries, template), after two warm-up requests; the
times are wall-clock per request. Prints p50 and p95 in milliseconds and the
PostgreSQL plan of a two-character keyword search.
"""

import argparse
import statistics
import time
from urllib.parse import urlencode

from django_setup import setup

setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import QueryDict  # noqa: E402
from django.test import Client  # noqa: E402

from browse.filters import PracticeFilterSet  # noqa: E402
from browse.planner import index_scans_only  # noqa: E402
from practices.models import Practice, Region  # noqa: E402


def scenarios():
    province = Region.objects.get(name="湖南省", depth=1)
    return [
        ("browse, no filter", {}),
        ("browse, province 湖南省", {"region": province.url_key}),
        (
            "browse, 湖南省 + theme",
            {"region": province.url_key, "theme": "grid-management"},
        ),
        ("keyword 2 chars, Simplified 网格", {"q": "网格"}),
        ("keyword 2 chars, Traditional 網格", {"q": "網格"}),
        ("keyword 4 chars, Simplified 矛盾纠纷", {"q": "矛盾纠纷"}),
        ("keyword 4 chars, Traditional 矛盾糾紛", {"q": "矛盾糾紛"}),
    ]


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def measure(client, params, runs):
    for _ in range(2):
        client.get("/practices/", params)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get("/practices/", params)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    query = QueryDict(urlencode(params, doseq=True))
    return times, PracticeFilterSet(
        query, queryset=Practice.objects.published()
    ).qs.count()


def explain_keyword(term):
    if connection.vendor != "postgresql":
        return "(EXPLAIN shown on PostgreSQL only)"
    query = QueryDict(urlencode({"q": term}))
    queryset = PracticeFilterSet(query, queryset=Practice.objects.published()).qs
    with index_scans_only():  # as the browse view runs it
        return queryset.values_list("pk", flat=True)[:20].explain(analyze=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    call_command("collectstatic", interactive=False, verbosity=0)  # production storage
    client = Client()
    total = Practice.objects.published().count()
    print(
        f"{total} published practices on {connection.vendor}; {args.runs} runs each\n"
    )
    print("| scenario | results | p50 ms | p95 ms |\n| --- | ---: | ---: | ---: |")
    for label, params in scenarios():
        times, count = measure(client, params, args.runs)
        p50, p95 = statistics.median(times), percentile(times, 0.95)
        print(f"| {label} | {count} | {p50:.0f} | {p95:.0f} |")
    print("\nEXPLAIN ANALYZE of the first page of ids for 网格, as the view runs it:\n")
    print(explain_keyword("网格"))


if __name__ == "__main__":
    main()
