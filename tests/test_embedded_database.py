"""The embedded SQLite default keeps a write-ahead log (govcases/settings.py): a
reader in a transaction — an export streams the library from one for seconds
(research/streaming.one_snapshot) — and a writer do not wait for each other; with
SQLite's default rollback journal a save during a long download would wait for it
and fail with "database is locked"."""

import pytest
from django.db import connection, connections

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the embedded default is SQLite"
)


def connect(path, alias):
    """A connection as the site makes one to the file at `path` (its OPTIONS)."""
    settings = dict(connection.settings_dict, NAME=str(path))
    settings["OPTIONS"] = dict(settings.get("OPTIONS", {}), timeout=0.2)
    return type(connections["default"])(settings, alias=alias)


def test_a_writer_commits_while_a_reader_holds_its_transaction(
    tmp_path, django_db_blocker
):
    django_db_blocker.unblock()  # its own file, not the test database
    path = tmp_path / "db.sqlite3"
    writer, reader = connect(path, "writer"), connect(path, "reader")
    try:
        with writer.cursor() as cursor:
            cursor.execute("CREATE TABLE t (x integer)")
            cursor.execute("INSERT INTO t VALUES (1)")
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
        with reader.cursor() as reading:
            reading.execute("BEGIN")
            reading.execute("SELECT count(*) FROM t")
            assert reading.fetchone()[0] == 1
            with writer.cursor() as cursor:  # would be refused: database is locked
                cursor.execute("INSERT INTO t VALUES (2)")
            reading.execute("SELECT count(*) FROM t")
            assert reading.fetchone()[0] == 1  # the reader's snapshot holds
            reading.execute("COMMIT")
            reading.execute("SELECT count(*) FROM t")
            assert reading.fetchone()[0] == 2
    finally:
        writer.close()
        reader.close()
        django_db_blocker.restore()
