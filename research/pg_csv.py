"""The linked tables (steps, involvements, metrics) written as CSV by PostgreSQL's
own COPY … TO STDOUT (FORMAT csv), a chunk of practices at a time.

Python writing these tables row by row ran at a tenth to a quarter of the speed of
COPY; building each CSV line in SQL, at a half to a third (bench/README.md). COPY
quotes as Python's csv module does (RFC 4180 minimal quoting: a cell holding a
comma, a double quote or a line break), so the query hands it cells as csv_stream()
would write them — formula cells neutralised with a leading apostrophe, numbers
without trailing zeros, NULL for an empty text (COPY would quote ""; NULL it writes
as an empty cell) — and the records' line ends are made CRLF in Python, outside
quoted cells (crlf_records), on the bytes as COPY sends them (no decoding). The
file is byte for byte the same as Python's (tests/research/test_exports.py compares
the two over awkward data). Practices come in the browse order, CHUNK ids at a time
(each chunk one small sort), so the first row leaves as soon as the first chunk is
read. SQLite, and any table not listed here, use the Python rows (rows.py).
"""

import json

from django.db import connection

from practices.units import ENGLISH_UNITS, unit_in_english

from .rows import practice_id_chunks


def text(x):
    """A text cell: NULL when empty; neutralised when it starts like a formula
    (its first character's code, ascii() of a UTF-8 text: no substring made)."""
    return (
        f"CASE WHEN ascii({x}) = ANY(%(formula)s::int[]) THEN '''' || {x} "
        f"ELSE NULLIF({x}, '') END"
    )


def choice(x):
    """A value of a fixed vocabulary (the database's CHECK constraints hold it to
    its choices: identifiers with no formula start); NULL when empty."""
    return f"NULLIF({x}, '')"


def number(expression):
    """An integer or a decimal without trailing zeros."""
    return f"trim_scale({expression})"


CHUNK_IDS = "chunk(practice_id, ord) AS (SELECT * FROM unnest(%(ids)s::bigint[]) "
CHUNK_IDS += "WITH ORDINALITY)"


def copied(cells, source, order):
    """COPY of a chunk's rows, in `order`, as CSV."""
    query = f"WITH {CHUNK_IDS} SELECT {', '.join(cells)} FROM {source} ORDER BY {order}"
    return f"COPY ({query}) TO STDOUT (FORMAT csv)"


SQL = {
    "involvements": copied(
        ["i.practice_id", "i.step_id", "i.actor_id", text("a.name"),
         choice("a.kind"), choice("i.role")],
        "chunk JOIN practices_involvement i ON i.practice_id = chunk.practice_id "
        "JOIN practices_actor a ON a.id = i.actor_id",
        "chunk.ord, i.id",
    ),
    "metrics": copied(
        ["m.id", "m.practice_id", "m.step_id", text("m.name"),
         choice("m.qualifier"), number("m.value"), number("m.value_max"),
         text("m.unit"), "NULLIF(%(units)s::jsonb ->> m.unit, '')",
         choice("m.kind"), choice("m.nature"), choice("m.period"),
         text("m.period_text"), text("m.period_start"), text("m.as_of"),
         text("m.source_quote")],
        "chunk JOIN practices_metric m ON m.practice_id = chunk.practice_id",
        "chunk.ord, m.id",
    ),
    "steps": copied(
        ["s.id", "s.practice_id", "s.parent_id", 's."position"', "s.depth",
         text("s.name"), text("s.description"), choice("s.function"),
         choice("s.kind"), text("s.source_quote")],
        "chunk JOIN practices_step s ON s.practice_id = chunk.practice_id",
        "chunk.ord, s.tree_order",
    ),
}  # fmt: skip


def supported(table, context):
    return (
        connection.vendor == "postgresql"
        and table.name in SQL
        and not context.get("staff", False)
    )


def english_units():
    """{stored unit: its English plural, neutralised} as JSON, for the lookup."""
    from .tables import neutralise  # tables.py calls this module

    return json.dumps(
        {unit: neutralise(unit_in_english(unit) or "") for unit in ENGLISH_UNITS}
    )


def with_crlf(data):
    """COPY's CSV (bytes) with each record ended by CRLF, as csv_stream() ends it:
    COPY ends records with LF. Split at the double quotes, the even pieces are
    outside quoted cells (a doubled quote inside a cell leaves an empty even piece
    between its halves, so the alternation holds), and an LF there ends a record; a
    line break inside a quoted cell is the cell's own and stays. (A double quote is
    one byte in UTF-8 and never part of another character's bytes.)"""
    pieces = data.split(b'"')
    pieces[::2] = [piece.replace(b"\n", b"\r\n") for piece in pieces[::2]]
    return b'"'.join(pieces)


def crlf_records(copy):
    """The bytes of a COPY's records, each ended by CRLF. COPY sends one message a
    record, so the records are counted as they come: when the data holds no more
    LFs than records, every LF ends one and all are replaced at once (in C); only a
    chunk with a line break inside a cell is split at its quotes (with_crlf)."""
    data = bytearray()  # (b"".join of COPY's memoryviews is far slower)
    records = 0
    for block in copy:  # a record each
        data += block
        records += 1
    if data.count(b"\n") == records:
        return bytes(data.replace(b"\n", b"\r\n"))
    return with_crlf(bytes(data))


PRACTICES_PER_QUERY = 2000


def csv_lines(table, practices):
    """CSV of `table`'s rows for `practices` (UTF-8 bytes), a chunk of practices
    at a time; in the transaction of the export (streaming.one_snapshot)."""
    from .tables import FORMULA_STARTS  # tables.py calls this module

    formula = "{" + ",".join(str(ord(start)) for start in sorted(FORMULA_STARTS)) + "}"
    params = {"formula": formula, "units": english_units()}
    with connection.cursor() as cursor:
        # Compiling these queries (JIT) cost more than running them (it took 340
        # of a chunk's 400 ms when steps were walked as a tree).
        cursor.execute("SET LOCAL jit = off")
        for ids in practice_id_chunks(practices, PRACTICES_PER_QUERY):
            # The ids as an array literal: psycopg's dumping of a list of
            # integers took a tenth of an export's time.
            ids = "{" + ",".join(map(str, ids)) + "}"
            with cursor.cursor.copy(SQL[table.name], {**params, "ids": ids}) as copy:
                yield crlf_records(copy)
