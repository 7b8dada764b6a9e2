"""Rows written in bulk (practices/copy_in.py): by COPY on PostgreSQL, a batch of
search rows sent from a thread while the caller builds the next (CopyBeside); what
fails there fails the caller, as Django's own errors, and leaves nothing behind."""

import pytest
from django.db import IntegrityError, transaction

from casefiles.loader import import_case_file
from practices import copy_in
from practices.copy_in import CopyBeside
from practices.models import Practice, PracticeSearch
from tests.casefiles.test_casefile import database_state, encode, good_file

pytestmark = pytest.mark.django_db


def search_row_sent_beside():
    """A practice whose search row is deleted, then sent again beside."""
    import_case_file(encode(good_file(1)))
    practice = Practice.objects.get()
    PracticeSearch.objects.all().delete()
    return CopyBeside(
        PracticeSearch, [PracticeSearch(practice=practice, text="网格", tokens="网 格")]
    )


def test_rows_sent_beside_are_written_once_waited_for():
    sent = search_row_sent_beside()
    sent.wait()
    assert PracticeSearch.objects.get().tokens == "网 格"


def test_the_connection_refuses_a_query_while_rows_are_sent_beside():
    sent = search_row_sent_beside()
    if copy_in.copies():
        with pytest.raises(RuntimeError, match="wait"):
            Practice.objects.count()
    sent.wait()
    assert Practice.objects.count() == PracticeSearch.objects.count() == 1


def test_a_failure_beside_is_raised_by_wait_as_djangos_error():
    import_case_file(encode(good_file(1)))
    practice = Practice.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        # a second search row for the same practice: its primary key is taken
        CopyBeside(
            PracticeSearch, [PracticeSearch(practice=practice, text="x", tokens="x")]
        ).wait()
    assert PracticeSearch.objects.count() == 1


def test_an_import_whose_search_rows_fail_leaves_the_database_as_it_was(
    monkeypatch,
):
    import_case_file(encode(good_file()))
    before = database_state()
    original = copy_in._send

    def fail_at_the_search_rows(db, statement, rows):
        if PracticeSearch._meta.db_table in statement:
            raise ConnectionError("database went away")
        return original(db, statement, rows)

    def refuse(objects):
        raise ConnectionError("database went away")

    monkeypatch.setattr(copy_in, "_send", fail_at_the_search_rows)
    monkeypatch.setattr(PracticeSearch.objects, "bulk_create", refuse)  # SQLite
    document = good_file(3)
    with pytest.raises(ConnectionError):
        import_case_file(encode(document))
    assert database_state() == before
