"""The codebook: every export column with its type, meaning and allowed values,
generated from the same column definitions as the exports (tables.py)."""

import csv
import io

from .tables import TABLES

CODEBOOK_HEADER = ["file", "column", "type", "meaning", "allowed_values"]


def codebook_rows():
    """(table, column, type, description, allowed values) for every export column."""
    for table in TABLES.values():
        for column in table.columns:
            yield [
                table.filename,
                column.name,
                column.type,
                str(column.description),
                column.allowed_values,
            ]


def codebook_csv():
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CODEBOOK_HEADER)
    writer.writerows(codebook_rows())
    return "\ufeff" + out.getvalue()
