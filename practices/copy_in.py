"""Many new rows inserted at once: on PostgreSQL by COPY … FROM STDIN, whose text
format psycopg writes in C, elsewhere by bulk_create.

Django's bulk_create on PostgreSQL sends each column as one array (INSERT … SELECT
FROM UNNEST) and reads the new ids back; psycopg escapes the elements of a text
array in Python, and Django prepares every value of every row in Python: for an
import of 1,000 practices that cost more than PostgreSQL's work (bench/README.md).
Here the rows' values are prepared as a save prepares them (pre_save: auto_now_add;
get_db_prep_save: JSON, decimals), and the ids of rows that others refer to are
drawn from the table's sequence before the rows are written (insert_rows)."""

import threading
import time

from django.db import DEFAULT_DB_ALIAS, connections, models


def copies():
    """Whether rows are written by COPY here (PostgreSQL)."""
    return connections[DEFAULT_DB_ALIAS].vendor == "postgresql"


def allocated_ids(model, count):
    """`count` new ids for rows of `model`, drawn from its table's sequence in one
    query (PostgreSQL)."""
    if not count:
        return []
    meta = model._meta
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) "
            "FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, count],
        )
        return [row[0] for row in cursor.fetchall()]


# Fields whose value, when it is already a str, int, bool or None, is written as it
# is: for these exact classes (not subclasses, which may prepare values their own
# way) a save's preparation returns such a value unchanged (pre_save reads the
# attribute; to_python and int() keep it), so it is skipped — 200,000 calls for a
# file of 1,000 practices. Any other field or value is prepared as a save would.
AS_THEY_ARE = {
    models.AutoField, models.BigAutoField, models.BigIntegerField,
    models.BooleanField, models.CharField, models.IntegerField,
    models.PositiveIntegerField, models.PositiveSmallIntegerField,
    models.SlugField, models.SmallIntegerField, models.TextField,
}  # fmt: skip
PLAIN_VALUES = (str, int, type(None))  # bool is an int


def _as_it_is(field):
    if isinstance(field, models.ForeignKey):  # its target's value (an id)
        return type(field) in (models.ForeignKey, models.OneToOneField) and (
            type(field.target_field) in AS_THEY_ARE
        )
    return type(field) in AS_THEY_ARE


def _rows(db, model, objects):
    """(the COPY statement, the rows' values) that write `objects` of `model`: each
    row the values a save would write, the id among them when the objects have
    theirs, else left to the database (not read back)."""
    with_ids = objects[0].pk is not None
    fields = [
        field
        for field in model._meta.concrete_fields
        if with_ids or not (field.primary_key and field.db_returning)
    ]
    plain = [(field, field.attname, _as_it_is(field)) for field in fields]
    quote = db.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    statement = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"

    def value(instance, field, attname, as_it_is):
        if as_it_is:
            found = getattr(instance, attname)
            if isinstance(found, PLAIN_VALUES):
                return found
        return field.get_db_prep_save(field.pre_save(instance, True), db)

    rows = ([value(instance, *each) for each in plain] for instance in objects)
    return statement, rows


def _send(db, statement, rows):
    """Run COPY `statement` with `rows` on `db`'s psycopg connection (no Django
    wrapper: this may run in a thread of its own, CopyBeside)."""
    started = time.monotonic()
    with db.wrap_database_errors, db.connection.cursor() as cursor:
        with cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)
    if db.queries_logged:  # seen where Django's own statements are (debug, tests)
        took = time.monotonic() - started
        db.queries_log.append({"sql": statement, "time": f"{took:.3f}"})


def _copy(db, model, objects):
    if objects:
        db.ensure_connection()
        _send(db, *_rows(db, model, objects))


def _copying(execute, sql, params, many, context):
    raise RuntimeError(
        "the connection is sending rows from a thread (CopyBeside): wait() first"
    )


class CopyBeside:
    """A COPY sent from a thread while the caller goes on building rows (the server
    works on it meanwhile): `wait()` before the connection is used again, which
    re-raises what the COPY raised; a query meanwhile is refused, rather than sent
    into the middle of the COPY. At most one at a time; on SQLite the rows are
    written at once."""

    def __init__(self, model, objects):
        self.error = None
        self.thread = None
        self.guard = None
        objects = list(objects)
        if not copies() or not objects:
            copy_in(model, objects)
            return
        db = connections[DEFAULT_DB_ALIAS]
        db.ensure_connection()
        statement, rows = _rows(db, model, objects)
        rows = list(rows)  # prepared here: Django's preparation is not for threads
        self.guard = db.execute_wrapper(_copying)
        self.guard.__enter__()
        self.thread = threading.Thread(
            target=self._send, args=(db, statement, rows), name="copy-beside"
        )
        self.thread.start()

    def _send(self, db, statement, rows):
        try:
            _send(db, statement, rows)
        except BaseException as error:  # noqa: BLE001 (raised by wait)
            self.error = error

    def wait(self, raising=True):
        if self.thread is not None:
            self.thread.join()
            self.thread = None
        if self.guard is not None:
            self.guard.__exit__(None, None, None)
            self.guard = None
        if self.error is not None and raising:
            error, self.error = self.error, None
            raise error


def copy_in(model, objects):
    """Insert `objects` (unsaved instances of `model`); an object's id is written
    when it has one, else made by the database and not read back. `objects` are
    all read first: they may come from queries, which cannot run while the
    connection is copying."""
    objects = list(objects)
    if not copies():
        model.objects.bulk_create(objects)
        return
    # The connection itself, not the `connection` proxy: each attribute read
    # through it goes through asgiref's context-local storage (a fifth of an
    # import's preparation of rows, measured).
    _copy(connections[DEFAULT_DB_ALIAS], model, objects)


def insert_rows(model, objects):
    """Insert `objects` (unsaved instances of `model`) and set their ids, as
    bulk_create does. On PostgreSQL the ids are drawn from the table's sequence
    (allocated_ids) and the rows written by COPY; the objects they refer to must
    have their ids already (foreign keys are read from them here)."""
    objects = list(objects)
    if not copies():
        model.objects.bulk_create(objects)
        return objects
    db = connections[DEFAULT_DB_ALIAS]
    for instance, pk in zip(objects, allocated_ids(model, len(objects)), strict=True):
        instance.pk = pk
        # foreign keys from the objects they name, as save() and bulk_create do
        instance._prepare_related_fields_for_save(operation_name="insert_rows")
    _copy(db, model, objects)
    for instance in objects:
        instance._state.adding = False
        instance._state.db = db.alias
    return objects
