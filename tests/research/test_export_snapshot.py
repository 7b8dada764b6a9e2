"""Exports read one snapshot of the library in a transaction of their own
(research/streaming.one_snapshot): a change committed while a download runs is in
all of its tables or in none; and their server-side cursors are not WITH HOLD, which
PostgreSQL runs to the end before the first row leaves (practices.csv at 100k
practices: first row after 0.5 s instead of 0.2 s, bench/README.md)."""

import csv
import io
import threading
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casefiles.loader import import_case_file
from practices.choices import Status
from practices.models import Practice

from ..conftest import SEED_CASE_FILES, load_reference_data

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="snapshots and cursors: PostgreSQL's"
)


@pytest.fixture
def committed_library(transactional_db):
    load_reference_data()  # the flush of a transactional test empties the tables
    for path in SEED_CASE_FILES:
        import_case_file(path.read_bytes(), status=Status.PUBLISHED)


def test_exports_stream_from_cursors_without_hold(committed_library, client):
    for url in [
        reverse("research:export_practices"),
        reverse("research:export_table", args=["steps"]),
        reverse("research:export_json"),
        reverse("research:export_zip"),
    ]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
            body = b"".join(response.streaming_content)
        statements = [q["sql"] for q in queries]
        declared = [sql for sql in statements if sql.startswith("DECLARE")]
        assert response.status_code == 200 and len(body) > 1000, url
        assert declared, f"{url} reads through a server-side cursor"
        assert not [sql for sql in declared if "WITH HOLD" in sql], url
        snapshots = [sql for sql in statements if "REPEATABLE READ" in sql]
        assert len(snapshots) == 1, url  # the zip's members share one


def test_a_practice_withdrawn_mid_download_is_in_all_tables_of_the_zip_or_none(
    committed_library, client
):
    response = client.get(reverse("research:export_zip"))
    chunks = iter(response.streaming_content)
    received = b""
    while b"steps.csv" not in received:  # practices.csv has been read, steps not yet
        received += next(chunks)
    withdrawn = Practice.objects.published().filter(step_count__gt=0).first()

    deleted = []

    def withdraw():  # another connection, committed at once
        deleted.append(Practice.objects.filter(pk=withdrawn.pk).delete()[0])
        connection.close()

    other = threading.Thread(target=withdraw)
    other.start()
    other.join()
    assert deleted and deleted[0] > 0
    received += b"".join(chunks)
    with zipfile.ZipFile(io.BytesIO(received)) as bundle:
        tables = {
            name: list(
                csv.DictReader(io.StringIO(bundle.read(name).decode("utf-8-sig")))
            )
            for name in ("practices.csv", "steps.csv")
        }
    listed = {row["practice_id"] for row in tables["practices.csv"]}
    with_steps = {row["practice_id"] for row in tables["steps.csv"]}
    assert str(withdrawn.pk) in listed
    assert str(withdrawn.pk) in with_steps  # as the library was when it began
    assert with_steps <= listed
