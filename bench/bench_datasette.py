"""govcases beside Datasette on the same SQLite library, one process each, loopback.

    DATABASE_URL=sqlite:////work/bench100k.sqlite3 python bench/generate_practices.py
    python bench/bench_datasette.py --sqlite /work/bench100k.sqlite3 --runs 20

Installs Datasette (pinned) in a virtualenv of its own (--venv; made on first use),
serves the file with it on 127.0.0.1:8011 and with govcases (gunicorn, one worker,
the committed settings, debug off) on 127.0.0.1:8012, then requests each scenario
from both in turn, reading the whole response, and prints p50/p95 and the ratio.

Datasette runs with its defaults (--datasette-limits default: a facet that takes
over 200 ms, or a query over 1 s, is dropped or cut off) or with its time limits
raised so that every facet is counted (raised); with its suggested facets (on, its
default) or without (--datasette-suggest off: _nosuggest=1 on every page).
govcases runs with --cache: `none` (every request counts its facets and draws its
page, as Datasette does) or `facets` (counts and drawn lists kept under the
library's version; whole pages never, so every request still goes through the view).

Scenarios (govcases · Datasette):
- first page with facets: /practices/ · the published practices, newest first,
  faceted by implementing level, year started and figure count;
- a region: ?region=430000 (湖南省 and below) · region_path__startswith;
- a keyword: ?q=网格 (title, summary, steps, actors, figures…) · summary__contains;
- the practices CSV: /practices/export.csv (every published practice) · the
  table's CSV with _stream=on (every row).
"""

import argparse
import http.client
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
DATASETTE = "datasette==0.65.5"
DATASETTE_PORT, GOVCASES_PORT = 8011, 8012
CACHE = {"none": ("0", "0"), "facets": ("86400", "0")}


def ensure_datasette(venv):
    binary = venv / "bin" / "datasette"
    if not binary.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run(
            [str(venv / "bin" / "pip"), "install", "--quiet", DATASETTE], check=True
        )
    return binary


def start(command, env=None):
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def wait_until_up(port, path):
    for _ in range(300):
        try:
            get(port, path)
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"nothing answers on port {port}")


def get(port, path):
    """(seconds, status, bytes) of one GET, the whole body read."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    started = time.perf_counter()
    connection.request("GET", path)
    response = connection.getresponse()
    size = len(response.read())
    elapsed = time.perf_counter() - started
    connection.close()
    return elapsed, response.status, size


def scenarios(database, hunan_path):
    table = f"/{database}/practices_practice"
    facets = "&_facet=implementing_level&_facet=year_started&_facet=metric_count"
    published = "?status__exact=published&_sort_desc=created_at"
    return [
        ("first page with facets", "/practices/", f"{table}{published}{facets}"),
        (
            "… Datasette in its own order (rowid, no sort)",
            "/practices/",
            f"{table}?status__exact=published{facets}",
        ),
        (
            "a region (湖南省)",
            "/practices/?region=430000",
            f"{table}{published}&region_path__startswith={quote(hunan_path)}{facets}",
        ),
        (
            "a keyword (网格)",
            "/practices/?q=" + quote("网格"),
            f"{table}{published}&summary__contains={quote('网格')}{facets}",
        ),
        (
            "practices CSV",
            "/practices/export.csv",
            f"{table}.csv{published}&_stream=on&_size=max",
        ),
    ]


def hunan(sqlite):
    import sqlite3

    with sqlite3.connect(sqlite) as db:
        return db.execute(
            "SELECT path FROM practices_region WHERE code = '430000'"
        ).fetchone()[0]


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sqlite", required=True, type=Path)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--cache", choices=CACHE, default="none")
    parser.add_argument(
        "--datasette-limits", choices=("default", "raised"), default="default"
    )
    parser.add_argument(
        "--datasette-suggest",
        choices=("on", "off"),
        default="on",
        help="off: Datasette pages with _nosuggest=1 (no suggested facets, its "
        "costliest default work on a wide table)",
    )
    parser.add_argument(
        "--venv",
        type=Path,
        default=Path.home() / ".cache" / "govcases-bench" / "datasette-venv",
    )
    args = parser.parse_args()
    sqlite = args.sqlite.resolve()
    datasette = ensure_datasette(args.venv)
    env = dict(
        os.environ,
        DATABASE_URL=f"sqlite:///{sqlite}",
        DJANGO_DEBUG="0",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECRET_KEY=os.environ.get(
            "DJANGO_SECRET_KEY",
            "bench-only-secret-key-long-enough-for-the-django-minimum",
        ),
        DJANGO_STATIC_ROOT=os.environ.get(
            "DJANGO_STATIC_ROOT", "/tmp/govcases-bench-static"
        ),
        GOVCASES_FACET_CACHE_SECONDS=CACHE[args.cache][0],
        GOVCASES_PAGE_CACHE_SECONDS=CACHE[args.cache][1],
    )
    env.pop("GOVCASES_CACHE_URL", None)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    limits = []
    if args.datasette_limits == "raised":
        limits = ["--setting", "sql_time_limit_ms", "60000",
                  "--setting", "facet_time_limit_ms", "60000"]  # fmt: skip
    servers = [
        start([str(datasette), "serve", str(sqlite), "--host", "127.0.0.1",
               "--port", str(DATASETTE_PORT), *limits]),
        start([str(ROOT / ".venv" / "bin" / "gunicorn"), "-c",
               "govcases/gunicorn.conf.py", "-b", f"127.0.0.1:{GOVCASES_PORT}",
               "-w", "1", "--threads", "1", "--access-logfile", "/dev/null",
               "govcases.wsgi"], env),
    ]  # fmt: skip
    try:
        wait_until_up(DATASETTE_PORT, f"/{sqlite.stem}.json")
        wait_until_up(GOVCASES_PORT, "/healthz")
        print(
            f"{sqlite.name}; govcases cache: {args.cache}; Datasette limits: "
            f"{args.datasette_limits}; suggested facets {args.datasette_suggest}; "
            f"{args.runs} runs each, alternating\n"
        )
        print(
            "| scenario | govcases p50 ms | p95 | Datasette p50 ms | p95 "
            "| Datasette ÷ govcases (p50) |\n| --- | ---: | ---: | ---: | ---: | ---: |"
        )
        for label, ours, theirs in scenarios(sqlite.stem, hunan(sqlite)):
            if args.datasette_suggest == "off" and ".csv" not in theirs:
                theirs += "&_nosuggest=1"
            times = {GOVCASES_PORT: [], DATASETTE_PORT: []}
            runs = args.runs if "CSV" not in label else max(2, args.runs // 5)
            for port, path in ((GOVCASES_PORT, ours), (DATASETTE_PORT, theirs)):
                elapsed, status, size = get(port, path)  # warm-up
                assert status == 200, (port, path, status)
            for _ in range(runs):
                for port, path in ((GOVCASES_PORT, ours), (DATASETTE_PORT, theirs)):
                    times[port].append(get(port, path)[0] * 1000)
            ours_ms, theirs_ms = times[GOVCASES_PORT], times[DATASETTE_PORT]
            print(
                f"| {label} | {statistics.median(ours_ms):.0f} "
                f"| {percentile(ours_ms, 0.95):.0f} "
                f"| {statistics.median(theirs_ms):.0f} "
                f"| {percentile(theirs_ms, 0.95):.0f} "
                f"| {statistics.median(theirs_ms) / statistics.median(ours_ms):.2f} |"
            )
    finally:
        for server in servers:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    main()
