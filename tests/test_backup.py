"""Backups restore (docs/deployment.md): a pg_dump of the library restores into an
empty PostgreSQL database with every practice, step, figure and revision."""

import shutil
import subprocess

import psycopg
import pytest
from django.db import connection

from casefiles.loader import import_case_file
from practices.models import Metric, Practice, PracticeRevision, Step

from .conftest import SEED_CASE_FILES, load_reference_data

RESTORED = "govcases_restore_check"
COUNTED = {
    "practices_practice": Practice,
    "practices_step": Step,
    "practices_metric": Metric,
    "practices_practicerevision": PracticeRevision,
}


def conninfo(dbname):
    settings = connection.settings_dict
    return psycopg.conninfo.make_conninfo(
        host=settings["HOST"] or "127.0.0.1",
        port=settings["PORT"] or 5432,
        user=settings["USER"],
        password=settings["PASSWORD"] or None,
        dbname=dbname,
    )


@pytest.mark.django_db(transaction=True)
def test_a_pg_dump_restores_into_an_empty_database(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("pg_dump backups are for PostgreSQL")
    if not shutil.which("pg_dump"):
        pytest.fail("pg_dump is missing: .ci/run installs postgresql-client")
    load_reference_data()
    for path in SEED_CASE_FILES:
        import_case_file(path.read_bytes())
    dump = tmp_path / "govcases.dump"
    source = conninfo(connection.settings_dict["NAME"])
    subprocess.run(["pg_dump", "-Fc", "-d", source, "-f", str(dump)], check=True)
    with psycopg.connect(conninfo("postgres"), autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {RESTORED}")
        admin.execute(f"CREATE DATABASE {RESTORED}")
    try:
        subprocess.run(
            ["pg_restore", "--no-owner", "-d", conninfo(RESTORED), str(dump)],
            check=True,
        )
        with psycopg.connect(conninfo(RESTORED)) as restored:
            for table, model in COUNTED.items():
                [(count,)] = restored.execute(f"SELECT count(*) FROM {table}")
                assert count == model.objects.count() > 0, table
    finally:
        with psycopg.connect(conninfo("postgres"), autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {RESTORED}")
