"""The whole library as export.zip and export.json: time to the first byte, total
time, size and peak memory growth, through Django's full stack in this process.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/govcases_bench \
        python bench/bench_full_exports.py

One run each (at 100k practices each takes minutes); the response is consumed chunk
by chunk and thrown away, as a client saving it to disk would.
"""

import sys
import time

from bench_exports import PeakMemory
from django.core.management import call_command
from django.db import connection
from django.test import Client

URLS = ["/practices/export.json", "/practices/export.zip"]


def download(client, url):
    started = time.perf_counter()
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    chunks = iter(response.streaming_content)
    size = len(next(chunks))
    first_byte = time.perf_counter() - started
    for chunk in chunks:
        size += len(chunk)
    return first_byte, time.perf_counter() - started, size


def main():
    if connection.vendor != "postgresql":
        sys.exit("run this on PostgreSQL (DATABASE_URL=postgres://…)")
    call_command("collectstatic", interactive=False, verbosity=0)
    client = Client()
    print("| export | first byte s | total s | size MB | memory growth MB |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for url in URLS:
        with PeakMemory() as memory:
            first_byte, total, size = download(client, url)
        print(
            f"| {url} | {first_byte:.2f} | {total:.1f} | {size / 2**20:.0f} "
            f"| {memory.growth_mb:.0f} |"
        )


if __name__ == "__main__":
    main()
