"""Write every export of the seed library to a folder, to compare two versions of the
code byte for byte (a refactor must not change a single byte of what researchers get).

    python bench/export_snapshot.py /tmp/before      # on the old code
    python bench/export_snapshot.py /tmp/after       # on the new code
    diff -r /tmp/before /tmp/after && echo identical

Each run builds a fresh SQLite library in a temporary folder (migrate, setup_library:
the same reference data and seed cases as `make run`), then saves the public exports
for a few browse queries, the zip's members (its timestamps vary, its contents must
not), the codebook, a few public pages and the output of the export commands.
"""

import io
import os
import re
import sys
import tempfile
import zipfile
from pathlib import Path

WORKDIR = tempfile.mkdtemp(prefix="govcases-snapshot-")
os.environ["DATABASE_URL"] = f"sqlite:///{WORKDIR}/db.sqlite3"

from django_setup import setup  # noqa: E402

setup(debug="1")  # plain static files: no collectstatic needed

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

QUERIES = {
    "all": "",
    "theme": "theme=party-building",
    "keyword": "q=网格",
    "traditional-keyword": "q=結千村",
    "province": "region=430000&sort=title",
    "figures": "has_metrics=true&level=county&sort=region",
}
PAGES = {
    "home": "/",
    "browse": "/practices/?theme=party-building&sort=title",
    "search": "/practices/?q=網格",
    "detail": "/practices/hongjiang-liudan-gongzuofa/",
    "regions": "/regions/",
    "themes": "/themes/",
    "codebook": "/codebook/",
    "detail-hant": "/practices/hongjiang-liudan-gongzuofa/",
}
FILES = [
    "export.csv",
    "steps.csv",
    "involvements.csv",
    "metrics.csv",
    "actors.csv",
    "export.json",
]


def body(response):
    assert response.status_code == 200, response.status_code
    if response.streaming:
        return b"".join(
            chunk if isinstance(chunk, bytes) else chunk.encode()
            for chunk in response.streaming_content
        )
    return response.content


def snapshot(out):
    call_command("migrate", verbosity=0)
    call_command("setup_library", stdout=io.StringIO())
    client = Client()
    for label, query in QUERIES.items():
        for name in FILES:
            (out / f"{label}.{name}").write_bytes(
                body(client.get(f"/practices/{name}?{query}"))
            )
        archive = zipfile.ZipFile(
            io.BytesIO(body(client.get(f"/practices/export.zip?{query}")))
        )
        for member in archive.namelist():
            (out / f"{label}.zip.{member}").write_bytes(archive.read(member))
    (out / "codebook.csv").write_bytes(body(client.get("/codebook.csv")))
    for name, url in PAGES.items():  # the pages, less their per-request CSRF token
        client.cookies["script"] = "hant" if name.endswith("-hant") else "hans"
        page = re.sub(rb'csrfmiddlewaretoken" value="\w+', b"", body(client.get(url)))
        (out / f"page.{name}.html").write_bytes(page)
    cases = io.StringIO()
    call_command("export_cases", stdout=cases)
    (out / "export_cases.json").write_text(cases.getvalue(), encoding="utf-8")
    call_command(
        "export_csv", "--table", "steps", "--include-drafts", "-o", out / "cmd.csv"
    )


if __name__ == "__main__":
    target = Path(sys.argv[1])
    target.mkdir(parents=True, exist_ok=True)
    snapshot(target)
    print(f"{len(list(target.iterdir()))} files in {target}")
