"""Export throughput: rows per second, time to first byte (the header) and to the
first row, and memory growth of every CSV table (practices, steps, involvements,
metrics) over every published practice, beside PostgreSQL's own COPY … TO STDOUT of
the same rows in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/govcases_bench \
        python bench/bench_exports.py --runs 5

Requests go through Django's full stack in this process (test Client, streaming
response consumed chunk by chunk). Memory growth is the peak resident set size
during the export minus the size before it, sampled every 5 ms from /proc.

COPY reads the stored columns each table writes, in the same order (steps in their
stored reading order, with their stored depth; figures with their nature and
period); what the export adds beyond stored values — the region's name, theme and
source lists of practices.csv, the English unit of metrics.csv, CSV quoting and
formula neutralising — is the export's own work, in its time only.
"""

import argparse
import os
import statistics
import sys
import threading
import time

from django_setup import setup

setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
ORDER = "p.created_at DESC, p.id DESC"
COPY_SQL = {
    "practices.csv": f"""
        SELECT p.id, p.slug, p.title, p.alias, r.name, p.implementing_level,
          (SELECT string_agg(t.slug, '; ' ORDER BY t.id)
             FROM practices_practice_themes pt
             JOIN practices_theme t ON t.id = pt.theme_id
             WHERE pt.practice_id = p.id),
          p.year_started, p.step_count, p.actor_count, p.metric_count, p.summary,
          (SELECT string_agg(s.title, '; ' ORDER BY s.slug)
             FROM practices_practice_sources ps
             JOIN practices_sourcedocument s ON s.id = ps.sourcedocument_id
             WHERE ps.practice_id = p.id),
          '/practices/' || p.slug || '/'
        FROM practices_practice p JOIN practices_region r ON r.id = p.region_id
        WHERE p.status = 'published' ORDER BY {ORDER}""",
    "steps.csv": f"""
        SELECT s.id, s.practice_id, s.parent_id, s.position, s.depth, s.name,
          s.description, s.function, s.kind, s.source_quote
        FROM practices_step s JOIN practices_practice p ON p.id = s.practice_id
        WHERE p.status = 'published' ORDER BY {ORDER}, s.tree_order""",
    "involvements.csv": f"""
        SELECT i.practice_id, i.step_id, i.actor_id, a.name, a.kind, i.role
        FROM practices_involvement i JOIN practices_practice p ON p.id = i.practice_id
        JOIN practices_actor a ON a.id = i.actor_id
        WHERE p.status = 'published' ORDER BY {ORDER}, i.id""",
    "metrics.csv": f"""
        SELECT m.id, m.practice_id, m.step_id, m.name, m.qualifier, m.value,
          m.value_max, m.unit, m.kind, m.nature, m.period, m.period_text,
          m.period_start, m.as_of, m.source_quote
        FROM practices_metric m JOIN practices_practice p ON p.id = m.practice_id
        WHERE p.status = 'published' ORDER BY {ORDER}, m.id""",
}
URLS = {
    "practices.csv": "/practices/export.csv",
    "steps.csv": "/practices/steps.csv",
    "involvements.csv": "/practices/involvements.csv",
    "metrics.csv": "/practices/metrics.csv",
}


def resident_bytes():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * PAGE_SIZE


class PeakMemory:
    def __enter__(self):
        self.baseline = self.peak = resident_bytes()
        self.running = True
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()
        return self

    def _sample(self):
        while self.running:
            self.peak = max(self.peak, resident_bytes())
            time.sleep(0.005)

    def __exit__(self, *exc):
        self.running = False
        self.thread.join()

    @property
    def growth_mb(self):
        return (self.peak - self.baseline) / 2**20


def export_once(client, url):
    started = time.perf_counter()
    response = client.get(url)
    chunks = iter(response.streaming_content)
    first = next(chunks)
    first_byte = time.perf_counter() - started
    # Rows end in CRLF (RFC 4180); line breaks inside quoted cells are bare LF.
    size, line_ends = len(first), first.count(b"\r\n")
    first_row = first_byte if line_ends > 1 else None
    for chunk in chunks:
        size += len(chunk)
        line_ends += chunk.count(b"\r\n")
        if first_row is None and line_ends > 1:
            first_row = time.perf_counter() - started
    return first_byte, time.perf_counter() - started, line_ends - 1, first_row


def copy_once(sql):
    started = time.perf_counter()
    size = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv, HEADER)") as copy:
            for block in copy:
                size += len(block)
        elapsed = time.perf_counter() - started
        cursor.execute(f"SELECT count(*) FROM ({sql}) AS copied")
        rows = cursor.fetchone()[0]
    return elapsed, rows, size


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("run this on PostgreSQL (DATABASE_URL=postgres://…)")
    call_command("collectstatic", interactive=False, verbosity=0)  # production storage
    client = Client()
    print("| export | rows | first byte s | first row s | total s | rows/s | memory "
          "growth MB | COPY s | COPY rows/s | export ÷ COPY time |")  # fmt: skip
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, url in URLS.items():
        export_once(client, url)  # warm-up
        runs = []
        for _ in range(args.runs):
            with PeakMemory() as memory:
                first_byte, total, rows, first_row = export_once(client, url)
            runs.append((first_byte, total, rows, memory.growth_mb, first_row))
        copies = [copy_once(COPY_SQL[name]) for _ in range(args.runs)]
        first_byte = statistics.median(r[0] for r in runs)
        first_row = statistics.median(r[4] for r in runs)
        total = statistics.median(r[1] for r in runs)
        rows = runs[0][2]
        growth = max(r[3] for r in runs)
        copy_total = statistics.median(c[0] for c in copies)
        print(
            f"| {name} | {rows} | {first_byte:.2f} | {first_row:.2f} | {total:.2f} "
            f"| {rows / total:,.0f} "
            f"| {growth:.1f} | {copy_total:.2f} | {copies[0][1] / copy_total:,.0f} "
            f"| {total / copy_total:.1f}× |"
        )


if __name__ == "__main__":
    main()
