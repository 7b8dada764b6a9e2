"""Rows written in bulk (practices/copy_in.py): by COPY on PostgreSQL, sent from a
thread while the caller builds more (RowWriter); what fails there fails the
caller, as Django's own errors, and leaves nothing behind; new ids are drawn from
the database's own counters."""

import threading

import pytest
from django.db import IntegrityError, connection, transaction

from casefiles.loader import import_case_file
from practices import copy_in
from practices.copy_in import RowWriter, allocated_ids
from practices.models import Practice, PracticeSearch
from tests.casefiles.test_casefile import database_state, encode, good_file

pytestmark = pytest.mark.django_db


def search_row_written_beside(writer):
    """A practice whose search row is deleted, then written again by `writer`."""
    import_case_file(encode(good_file(1)))
    practice = Practice.objects.get()
    PracticeSearch.objects.all().delete()
    writer.__enter__()
    writer.write(
        PracticeSearch, [PracticeSearch(practice=practice, text="网格", tokens="网 格")]
    )
    return writer


def test_rows_written_beside_are_in_once_the_writer_is_left():
    search_row_written_beside(RowWriter()).__exit__(None, None, None)
    assert PracticeSearch.objects.get().tokens == "网 格"


def test_the_connection_refuses_a_query_while_rows_are_written_beside():
    writer = search_row_written_beside(RowWriter())
    if copy_in.copies():
        with pytest.raises(RuntimeError, match="RowWriter"):
            Practice.objects.count()
    writer.__exit__(None, None, None)
    assert Practice.objects.count() == PracticeSearch.objects.count() == 1


def test_a_failure_beside_is_raised_on_leaving_as_djangos_error_and_stops_writing():
    import_case_file(encode(good_file(1)))
    practice = Practice.objects.get()
    called = []
    with pytest.raises(IntegrityError), transaction.atomic():
        with RowWriter() as writer:
            # a second search row for the same practice: its primary key is taken
            row = PracticeSearch(practice=practice, text="x", tokens="x")
            writer.write(PracticeSearch, [row])
            writer.then(lambda: called.append(1))
    assert PracticeSearch.objects.count() == 1
    assert called == [] or not copy_in.copies()  # nothing after the failure


def test_rows_written_later_wait_for_every_other_write_and_call(monkeypatch):
    """What is handed over `later` is written once nothing else waits: a call
    handed after it runs before it (the merge starts once every search row is in,
    store_many.py)."""
    import_case_file(encode(good_file(2)))
    first, second = Practice.objects.order_by("pk")
    PracticeSearch.objects.all().delete()
    done = []
    sent = copy_in._send
    monkeypatch.setattr(
        copy_in,
        "_send",
        lambda db, statement, rows: done.append(rows) or sent(db, statement, rows),
    )
    gate = threading.Event()  # the writer busy until all is handed over
    with RowWriter() as writer:
        writer.then(lambda: gate.wait(10))
        writer.write(
            PracticeSearch,
            [PracticeSearch(practice=first, text="甲", tokens="甲")],
            later=True,
        )
        writer.write(
            PracticeSearch, [PracticeSearch(practice=second, text="乙", tokens="乙")]
        )
        writer.then(lambda: done.append("called"))
        gate.set()
    assert PracticeSearch.objects.count() == 2
    if copy_in.copies():
        texts = [item if item == "called" else item[0][1] for item in done]
        assert texts == ["乙", "called", "甲"]


@pytest.mark.skipif(not copy_in.copies(), reason="SET CONSTRAINTS is PostgreSQL's")
def test_references_are_checked_as_rows_are_written_beside_and_deferred_after():
    """Each row's references are checked as it is written (the server does it
    beside the caller's work), not at the commit; afterwards Django's deferred
    checks are back for the rest of the transaction."""
    with pytest.raises(IntegrityError), transaction.atomic():
        with RowWriter() as writer:
            writer.write(PracticeSearch, [PracticeSearch(practice_id=10**9, text="x")])
    with pytest.raises(IntegrityError), transaction.atomic():
        with RowWriter():
            pass
        PracticeSearch.objects.create(practice_id=10**9, text="x")  # not checked yet
        assert PracticeSearch.objects.filter(practice_id=10**9).exists()
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the check, now


def test_allocated_ids_are_new_and_the_next_row_comes_after_them():
    import_case_file(encode(good_file(1)))
    before = Practice.objects.get().pk
    ids = allocated_ids(Practice, 3)
    assert len(set(ids)) == 3 and min(ids) > before
    import_case_file(encode(dict(good_file(1), practices=[other_practice()])))
    assert Practice.objects.order_by("pk").last().pk > max(ids)


def other_practice():
    practice = good_file(1)["practices"][0]
    return dict(practice, slug=practice["slug"] + "-other")


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
