"""Spreadsheet safety of CSV cells (OWASP CSV injection), in Python and in SQL.

A text cell that begins with one of FORMULA_STARTS — the formula characters, their
full-width forms that Chinese input methods type, tab and carriage return — is
written with a leading apostrophe, so a spreadsheet shows it as text.
"""

FORMULA_STARTS = frozenset("=+-@\t\r＝＋－＠")
FORMULA_CODES = ", ".join(str(ord(c)) for c in sorted(FORMULA_STARTS))


def neutralise(value):
    """A cell value safe to open in a spreadsheet."""
    if isinstance(value, str) and value[:1] in FORMULA_STARTS:
        return "'" + value
    return value


def neutralised_sql(column):
    """The same for a text column in PostgreSQL, with "" written as NULL (an unquoted
    empty cell in COPY's CSV, as Python's csv module writes "")."""
    return (
        f"CASE WHEN ascii({column}) IN ({FORMULA_CODES}) THEN '''' || {column}"
        f" ELSE NULLIF({column}, '') END"
    )
