"""Server time and query count of the wave-2 pages at library size: a practice page
(with its flow and related practices), a source page, an actor page, compare, the
insights pages and the sitemap.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/govcases_bench \
        python bench/bench_pages.py --runs 20

Each page is requested through Django's full stack in this process after two
warm-up requests; prints p50 and p95 in milliseconds and the queries per request.
"""

import argparse
import statistics
import time

from django_setup import setup

setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from practices.models import Actor, Practice  # noqa: E402


def pages():
    actor = Actor.objects.get(name="群众")
    synthetic = Practice.objects.published().filter(slug__startswith="synthetic-")
    other = synthetic.order_by("pk").values_list("slug", flat=True).first()
    return [
        ("browse, no filter", "/practices/"),
        ("browse, theme chosen", "/practices/?theme=party-building"),
        ("browse, actor chosen", f"/practices/?actor={actor.pk}"),
        ("practice page 六单工作法", "/practices/hongjiang-liudan-gongzuofa/"),
        ("practice page, synthetic", f"/practices/{other}/"),
        ("source page", "/sources/seed-004-hongjiang-liudan/"),
        ("actor page 群众", f"/actors/{actor.pk}/"),
        ("compare 2", "/compare/?p=hongjiang-liudan-gongzuofa"
                      "&p=hetang-urban-rural-assistance"),
        ("insights overview", "/insights/"),
        ("insights time limits", "/insights/time-limits/"),
        ("insights time limits, 湖南省", "/insights/time-limits/?region=430000"),
        ("insights roles residents·evaluates",
         "/insights/roles/?kind=residents&role=evaluates"),
        ("sitemap index", "/sitemap.xml"),
        ("sitemap practices, page 1", "/sitemap-practices.xml"),
    ]  # fmt: skip


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def measure(client, url, runs):
    for _ in range(2):
        client.get(url)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return times, len(captured)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    call_command("collectstatic", interactive=False, verbosity=0)
    client = Client()
    print(f"{Practice.objects.published().count():,} published practices")
    print("| page | p50 ms | p95 ms | queries |")
    print("| --- | ---: | ---: | ---: |")
    for name, url in pages():
        times, queries = measure(client, url, args.runs)
        print(
            f"| {name} | {statistics.median(times):.0f} | "
            f"{percentile(times, 0.95):.0f} | {queries} |"
        )


if __name__ == "__main__":
    main()
