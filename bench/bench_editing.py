"""Staff entry at library size: opening and saving 六单工作法 (the largest seed
practice) in the admin, on the database DATABASE_URL names:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/govcases_bench \
        python bench/bench_editing.py --runs 10

Measures the admin's change page (open) and the content editor beside the source
(open; save unchanged; save with one figure's name changed), through Django's full
stack in this process with a superuser: p50/p95 ms and queries per request. All
writes are rolled back.
"""

import argparse
import html
import re
import statistics
import time

from django_setup import setup

setup()

from django.contrib.auth.models import User  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from practices.models import Practice  # noqa: E402

SLUG = "hongjiang-liudan-gongzuofa"


class Rollback(Exception):
    pass


def form_data(page):
    """Every named field of the content editor's form, as the browser posts it."""
    start = page.index('id="outline-form"')
    form = page[start : page.index("</form>", start)]
    data = {}
    for tag in re.finditer(r"<(input|select|textarea)\b([^>]*)>", form):
        attrs = dict(re.findall(r'(\w[\w-]*)="([^"]*)"', tag.group(2)))
        name = attrs.get("name")
        if not name or attrs.get("type") == "checkbox":
            continue
        if tag.group(1) == "input":
            data[name] = attrs.get("value", "")
        elif tag.group(1) == "textarea":
            data[name] = html.unescape(
                form[tag.end() : form.index("</textarea>", tag.end())]
            )
        else:
            options = form[tag.end() : form.index("</select>", tag.end())]
            chosen = re.search(r'<option value="([^"]*)" selected', options)
            data[name] = (
                chosen or re.search(r'<option value="([^"]*)"', options)
            ).group(1)
    return data


def measure(label, request, runs):
    times = []
    for _ in range(2):
        request()
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = request()
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code in (200, 302), response.status_code
    times.sort()
    p95 = times[max(0, int(len(times) * 0.95) - 1)]
    print(f"| {label} | {statistics.median(times):.0f} | {p95:.0f} | {len(queries)} |")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    practice = Practice.objects.get(slug=SLUG)
    print(
        f"{Practice.objects.count()} practices; {SLUG}: {practice.steps.count()} "
        f"steps, {practice.metrics.count()} figures, "
        f"{practice.involvements.count()} involvements"
    )
    print("| request | p50 ms | p95 ms | queries |\n| --- | ---: | ---: | ---: |")
    try:
        with transaction.atomic():
            user = User.objects.create_superuser("bench-editing", "", "x")
            client = Client()
            client.force_login(user)
            change = f"/admin/practices/practice/{practice.pk}/change/"
            content = f"/admin/practices/practice/{practice.pk}/content/"
            measure("admin change page, open", lambda: client.get(change), args.runs)
            measure("content editor, open", lambda: client.get(content), args.runs)
            data = form_data(client.get(content).content.decode())
            measure(
                "content editor, save unchanged",
                lambda: client.post(content, data),
                args.runs,
            )
            name = next(k for k in data if k.endswith("-name") and data[k])
            changes = iter(range(10**6))

            def save_changed():
                edited = dict(data)
                edited[name] = f"{data[name]}（{next(changes)}）"
                return client.post(content, edited)

            measure("content editor, save one change", save_changed, args.runs)
            raise Rollback
    except Rollback:
        pass


if __name__ == "__main__":
    main()
