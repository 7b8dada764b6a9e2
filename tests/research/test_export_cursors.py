"""Exports read in a transaction of their own: outside one, Django declares its
server-side cursors WITH HOLD, and PostgreSQL then runs the whole query before the
first row leaves (practices.csv at 100k practices: first row after 0.5 s instead of
0.05 s, bench/README.md)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casefiles.loader import import_case_file
from practices.choices import Status

from ..conftest import SEED_CASE_FILES, load_reference_data

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="server-side cursors are PostgreSQL's"
)


def test_exports_stream_from_cursors_without_hold(transactional_db, client):
    load_reference_data()  # the flush of a transactional test empties the tables
    for path in SEED_CASE_FILES:
        import_case_file(path.read_bytes(), status=Status.PUBLISHED)
    for url in [
        reverse("research:export_practices"),
        reverse("research:export_table", args=["steps"]),
        reverse("research:export_json"),
        reverse("research:export_zip"),
    ]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
            body = b"".join(response.streaming_content)
        declared = [q["sql"] for q in queries if q["sql"].startswith("DECLARE")]
        assert response.status_code == 200 and len(body) > 1000, url
        assert declared, f"{url} reads through a server-side cursor"
        assert not [sql for sql in declared if "WITH HOLD" in sql], url
