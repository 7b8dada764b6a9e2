"""The linked tables (steps, involvements, metrics) written as CSV lines by
PostgreSQL itself, a chunk of practices at a time.

Python writing these tables row by row ran at a tenth to a quarter of the speed of
PostgreSQL's COPY of the same rows (bench/README.md). Here each line is built in SQL
exactly as csv_stream() writes it with Python's csv module — RFC 4180 minimal
quoting, CRLF line ends, an empty cell for NULL and for "", formula cells
neutralised with a leading apostrophe, numbers without trailing zeros — so the file
is byte for byte the same (tests/research/test_exports.py compares the two over
awkward data). Practices come in the browse order, CHUNK ids at a time (each chunk
one small sort), so the first row leaves as soon as the first chunk is read.
SQLite, and any table not listed here, use the Python rows (rows.py).
"""

import csv
import io
import json

from django.db import connection, transaction

from practices.units import ENGLISH_UNITS, unit_in_english

from .rows import practice_id_chunks


def text(x):
    """A text cell: empty for NULL or "" (most optional cells; decided first),
    neutralised when it starts like a formula, quoted when it holds a comma, a
    double quote or a line break. (The quote test reads the stored text:
    neutralising adds none of those characters.)"""
    value = (
        f"(CASE WHEN strpos(%(formula)s, left({x}, 1)) > 0 "
        f"THEN '''' || {x} ELSE {x} END)"
    )
    special = " OR ".join(
        f"strpos({x}, {char}) > 0" for char in ("','", "'\"'", "chr(10)", "chr(13)")
    )
    return (
        f"(CASE WHEN {x} IS NULL OR {x} = '' THEN '' WHEN {special} THEN "
        f"'\"' || replace({value}, '\"', '\"\"') || '\"' ELSE {value} END)"
    )


def choice(x):
    """A value of a fixed vocabulary (the database's CHECK constraints hold it to
    its choices: identifiers with no comma, quote, break or formula start)."""
    return f"COALESCE({x}, '')"


def number(expression):
    """An integer or a decimal without trailing zeros; empty for NULL."""
    return f"COALESCE(trim_scale({expression})::text, '')"


def integer(expression):
    return f"COALESCE({expression}::text, '')"


def line(cells):
    return " || ',' || ".join(cells) + " || E'\\r\\n'"


CHUNK_IDS = "chunk(practice_id, ord) AS (SELECT * FROM unnest(%(ids)s::bigint[]) "
CHUNK_IDS += "WITH ORDINALITY)"


def joined_lines(cells, source, order):
    """A chunk's CSV lines as one text, joined by PostgreSQL in `order` (one value
    to fetch, not a row per line)."""
    return (
        f"WITH {CHUNK_IDS} SELECT string_agg({line(cells)}, '' ORDER BY {order}) "
        f"FROM {source}"
    )


SQL = {
    "involvements": joined_lines(
        [integer("i.practice_id"), integer("i.step_id"), integer("i.actor_id"),
         text("a.name"), choice("a.kind"), choice("i.role")],
        "chunk JOIN practices_involvement i ON i.practice_id = chunk.practice_id "
        "JOIN practices_actor a ON a.id = i.actor_id",
        "chunk.ord, i.id",
    ),
    "metrics": joined_lines(
        [integer("m.id"), integer("m.practice_id"), integer("m.step_id"),
         text("m.name"), choice("m.qualifier"), number("m.value"),
         number("m.value_max"), text("m.unit"),
         "COALESCE(%(units)s::jsonb ->> m.unit, '')", choice("m.kind"),
         choice("m.nature"), choice("m.period"), text("m.period_text"),
         text("m.period_start"), text("m.as_of"), text("m.source_quote")],
        "chunk JOIN practices_metric m ON m.practice_id = chunk.practice_id",
        "chunk.ord, m.id",
    ),
    "steps": joined_lines(
        [integer("s.id"), integer("s.practice_id"), integer("s.parent_id"),
         integer('s."position"'), integer("s.depth"), text("s.name"),
         text("s.description"), choice("s.function"), choice("s.kind"),
         text("s.source_quote")],
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
    """{stored unit: its English plural as a CSV cell} as JSON: written here, once,
    as csv_stream writes a cell (neutralised, quoted where needed), so that each row
    only looks its cell up."""
    from .tables import neutralise  # tables.py calls this module

    cells = {}
    for unit in ENGLISH_UNITS:
        english = neutralise(unit_in_english(unit) or "")
        out = io.StringIO()
        csv.writer(out, lineterminator="").writerow([english])
        cells[unit] = out.getvalue() if english else ""
    return json.dumps(cells)


PRACTICES_PER_QUERY = 2000


def csv_lines(table, practices):
    """CSV text of `table`'s rows for `practices`, a chunk of practices at a time."""
    from .tables import FORMULA_STARTS  # tables.py calls this module

    params = {"formula": "".join(sorted(FORMULA_STARTS)), "units": english_units()}
    with transaction.atomic(), connection.cursor() as cursor:
        # Compiling these queries (JIT) cost more than running them (it took 340
        # of a chunk's 400 ms when steps were walked as a tree).
        cursor.execute("SET LOCAL jit = off")
        for ids in practice_id_chunks(practices, PRACTICES_PER_QUERY):
            cursor.execute(SQL[table.name], {**params, "ids": ids})
            yield cursor.fetchone()[0] or ""  # NULL: the chunk has no rows
