"""Region loading and the admin's region autocomplete at the full list (~45,000
regions), on the database DATABASE_URL names:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/govcases_bench \
        python bench/bench_regions.py --runs 20

Measures: a load that finds nothing to change (every `make run`), a load after 500
regions were renamed (an update of the list), and the admin autocomplete for a few
terms (p50/p95 ms through Django's full stack, queries per request). Everything it
writes is rolled back. A fresh load is timed by `manage.py load_regions` itself on an
empty database (bench/README.md gives the command).
"""

import argparse
import statistics
import time

from django_setup import setup

setup()

from django.contrib.auth.models import User  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django_setup import ROOT  # noqa: E402

from practices.models import FormerRegion, Practice, Region  # noqa: E402
from practices.regions import load_regions  # noqa: E402

REGIONS = ROOT / "fixtures" / "regions.csv"
HISTORY = ROOT / "fixtures" / "region_history.csv"
TERMS = ["金海湖镇", "宁乡", "430182", "街道", "Ningxiang"]


class Rollback(Exception):
    pass


def timed_load():
    started = time.perf_counter()
    report = load_regions(REGIONS, HISTORY, Region, FormerRegion, Practice)
    return (time.perf_counter() - started) * 1000, report


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    print(f"{Region.objects.count()} regions, {Practice.objects.count()} practices")
    try:
        with transaction.atomic():
            ms, _ = timed_load()
            print(f"load, nothing to change: {ms:.0f} ms")
            renamed = list(
                Region.objects.filter(level="township").values_list("pk", flat=True)[
                    :500
                ]
            )
            Region.objects.filter(pk__in=renamed).update(name_en="x")
            ms, report = timed_load()
            print(f"load after 500 renames: {ms:.0f} ms ({report.updated} updated)")
            user = User.objects.create_superuser("bench-regions", "", "x")
            client = Client()
            client.force_login(user)
            for term in TERMS:
                url = (
                    "/admin/autocomplete/?app_label=practices&model_name=practice"
                    f"&field_name=region&term={term}"
                )
                times = []
                for _ in range(2):
                    client.get(url)
                for _ in range(args.runs):
                    with CaptureQueriesContext(connection) as queries:
                        started = time.perf_counter()
                        response = client.get(url)
                        times.append((time.perf_counter() - started) * 1000)
                    assert response.status_code == 200
                times.sort()
                p95 = times[max(0, int(len(times) * 0.95) - 1)]
                found = len(response.json()["results"])
                print(
                    f"autocomplete {term}: p50 {statistics.median(times):.0f} ms, "
                    f"p95 {p95:.0f} ms, {len(queries)} queries, {found} shown"
                )
            raise Rollback
    except Rollback:
        pass


if __name__ == "__main__":
    main()
