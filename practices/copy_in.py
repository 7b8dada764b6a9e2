"""Many new rows inserted at once: on PostgreSQL by COPY … FROM STDIN, whose text
format psycopg writes in C, elsewhere by bulk_create.

Django's bulk_create on PostgreSQL sends each column as one array (INSERT … SELECT
FROM UNNEST) and reads the new ids back; psycopg escapes the elements of a text
array in Python, and Django prepares every value of every row in Python: for an
import of 1,000 practices that cost more than PostgreSQL's work (bench/README.md).
Here the rows' values are prepared as a save prepares them (pre_save: auto_now_add;
get_db_prep_save: JSON, decimals), and the ids of rows that others refer to are
drawn from the table's counter before the rows are written (allocated_ids)."""

import itertools
import operator
import queue
import threading
import time

from django.db import DEFAULT_DB_ALIAS, connections, models


def copies():
    """Whether rows are written by COPY here (PostgreSQL)."""
    return connections[DEFAULT_DB_ALIAS].vendor == "postgresql"


def allocated_ids(model, count):
    """`count` new ids for rows of `model`, drawn in one query from the counter
    the database itself would draw them from: on PostgreSQL the table's sequence,
    on SQLite its AUTOINCREMENT counter (sqlite_sequence, raised inside the
    transaction, which holds the database's write lock from then on)."""
    if not count:
        return []
    db = connections[DEFAULT_DB_ALIAS]
    meta = model._meta
    with db.cursor() as cursor:
        if db.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) "
                "FROM generate_series(1, %s)",
                [meta.db_table, meta.pk.column, count],
            )
            return [row[0] for row in cursor.fetchall()]
        table, column = (db.ops.quote_name(n) for n in (meta.db_table, meta.pk.column))
        cursor.execute(
            "INSERT INTO sqlite_sequence (name, seq) SELECT %s, 0 "
            "WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = %s)",
            [meta.db_table, meta.db_table],
        )
        cursor.execute(
            "UPDATE sqlite_sequence SET seq = max(seq, "
            f"(SELECT coalesce(max({column}), 0) FROM {table})) + %s WHERE name = %s",
            [count, meta.db_table],
        )
        cursor.execute(
            "SELECT seq FROM sqlite_sequence WHERE name = %s", [meta.db_table]
        )
        last = cursor.fetchone()[0]
    return list(range(last - count + 1, last + 1))


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
    quote = db.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    statement = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
    # Every attribute read at once (in C), then only the values that need it
    # prepared as a save would.
    read = operator.attrgetter(*(field.attname for field in fields))
    one = len(fields) == 1  # attrgetter of one name gives the value, not a tuple
    as_they_are = [(i, f) for i, f in enumerate(fields) if _as_it_is(f)]
    prepared = [(i, f) for i, f in enumerate(fields) if not _as_it_is(f)]

    def row(instance):
        values = [read(instance)] if one else list(read(instance))
        for i, field in as_they_are:
            if not isinstance(values[i], PLAIN_VALUES):
                values[i] = field.get_db_prep_save(field.pre_save(instance, True), db)
        for i, field in prepared:
            values[i] = field.get_db_prep_save(field.pre_save(instance, True), db)
        return values

    return statement, map(row, objects)


def _send(db, statement, rows):
    """Run COPY `statement` with `rows` on `db`'s psycopg connection (no Django
    wrapper: this may run in a thread of its own, RowWriter)."""
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
        "the connection is writing rows from a thread (RowWriter): leave it first"
    )


NOW, LATER, STOP = 0, 1, 2  # the order the writer takes what it is handed


class RowWriter:
    """Rows written in the order given, from a thread of their own, while the caller
    goes on building more: on PostgreSQL each `write` is a COPY that the server
    works on while the next rows are built (rows are prepared in the caller's
    thread: Django's preparation is not for threads); elsewhere rows are written
    at once (bulk_create). Used as a context manager: leaving it waits for every
    write and raises what failed there, as Django's own error; until then a query
    on the connection is refused rather than sent into the middle of a COPY.
    Objects are written with the ids they have (allocated_ids), or without."""

    def __init__(self):
        self.db = connections[DEFAULT_DB_ALIAS]
        self.queue = self.thread = self.guard = self.error = None
        self.stopping = False
        self.handed = itertools.count()  # the order of items of one priority

    def __enter__(self):
        if copies():
            with self.db.cursor() as cursor:
                # Each row's references checked as it is written (so the server
                # does it beside the caller's work), not all at the commit.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            self.queue = queue.PriorityQueue()
            self.guard = self.db.execute_wrapper(_copying)
            self.guard.__enter__()
            self.thread = threading.Thread(target=self._run, name="row-writer")
            self.thread.start()
        return self

    def write(self, model, objects, later=False):
        """Write `objects` (unsaved instances of `model`), after those before; rows
        to be written `later` wait for every other write and call handed over
        meanwhile (they must refer only to rows written before them)."""
        objects = list(objects)
        if objects and self.queue is None:
            model.objects.bulk_create(objects)
        elif objects:
            statement, rows = _rows(self.db, model, objects)
            self._put(LATER if later else NOW, (statement, list(rows)))
        for instance in objects:
            instance._state.adding = False
            instance._state.db = self.db.alias

    def then(self, function):
        """Call `function` once everything written before is in, but what is
        written `later` (from the writer's thread)."""
        if self.queue is None:
            function()
        else:
            self._put(NOW, function)

    def _put(self, priority, item):
        self.queue.put((priority, next(self.handed), item))

    def _run(self):
        while (item := self.queue.get()[2]) is not None:
            if self.error is not None or self.stopping:
                continue  # what follows a failure is not written
            try:
                if callable(item):
                    item()
                else:
                    statement, rows = item
                    _send(self.db, statement, rows)
            except BaseException as error:  # noqa: BLE001 (raised on leaving)
                self.error = error

    def __exit__(self, exc_type, exc, traceback):
        if self.thread is not None:
            self.stopping = exc_type is not None
            self._put(STOP, None)
            self.thread.join()
            self.thread = None
        if self.guard is not None:
            self.guard.__exit__(None, None, None)
            self.guard = None
        if self.error is not None and exc_type is None:
            error, self.error = self.error, None
            raise error  # the transaction is rolled back: nothing to reset
        if exc_type is None and copies():
            with self.db.cursor() as cursor:  # Django's foreign keys: at the commit
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        return False


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
