"""practices.csv written by PostgreSQL: `COPY (…) TO STDOUT (FORMAT csv)`.

On PostgreSQL the rows of practices.csv are assembled and CSV-encoded by the server
and pass through Python as bytes, never decoded into objects: several times faster
than building them in Python (bench/README.md). The output is byte for byte the
file that the Python path (`export_rows.practice_rows` through `csv_stream`) writes,
and a test holds the two to it:

- the order is the browse order: the filtered queryset numbers its rows with
  ROW_NUMBER() over its own ordering, and the copy is ordered by that number;
- region names, theme slugs and source lists are worked out as the Python path
  does (regions from the practice's region path, themes from its bit set in theme
  id order, sources by slug as "title | publication | date");
- empty text is written as NULL (unquoted, as Python's csv module writes ""), and
  text cells that begin with a formula character get a leading apostrophe;
- PostgreSQL ends rows with LF; RFC 4180 wants CRLF. libpq hands over one row per
  CopyData message (line breaks inside a quoted cell stay within it), so each row's
  final LF becomes CRLF and the breaks inside cells are left as they are.
"""

from django.db import connection
from django.db.models import Window
from django.db.models.functions import RowNumber
from django.urls import reverse

from .csv_safety import neutralised_sql
from .derived import theme_bit
from .models import Theme

BATCH_BYTES = 256 * 1024


def can_copy():
    return connection.vendor == "postgresql"


def copy_practice_csv(practices, context):
    """Rows of practices.csv (no header) as UTF-8 bytes, in the queryset's order."""
    sql, params = practice_copy_sql(practices, context)
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg's own cursor: COPY is not in the DB-API
        statement = raw.mogrify(sql, params)
        with raw.copy(f"COPY ({statement}) TO STDOUT (FORMAT csv)") as copy:
            batch, size = [], 0
            for row in copy:
                batch.append(row[:-1])
                size += len(row)
                if size >= BATCH_BYTES:
                    yield b"\r\n".join(batch) + b"\r\n"
                    batch, size = [], 0
            if batch:
                yield b"\r\n".join(batch) + b"\r\n"


def practice_copy_sql(practices, context):
    """(sql, params): the rows of practices.csv for `practices`, in its order."""
    ordering = practices.query.order_by or ["pk"]
    chosen_sql, chosen_params = (
        practices.annotate(export_row=Window(RowNumber(), order_by=list(ordering)))
        .order_by()
        .values_list("pk", "export_row")
        .query.sql_with_params()
    )
    themes = list(Theme.objects.order_by("pk").values_list("pk", "slug"))
    theme_cases = ", ".join(
        "CASE WHEN p.theme_bits & %s <> 0 THEN %s END" for _ in themes
    )
    theme_params = [value for pk, slug in themes for value in (theme_bit(pk), slug)]
    url_prefix = context.get("base_url", "") + reverse("practices:browse")
    staff = context.get("staff", False)
    cells = [
        ("p.id", False),
        ("p.slug", True),
        ("p.title", True),
        ("p.alias", True),
        ("rc.province", True),
        ("rc.prefecture", True),
        ("rc.county", True),
        ("rc.code", True),
        ("p.implementing_level", True),
        (f"array_to_string(ARRAY[{theme_cases or 'NULL'}]::text[], '; ')", True),
        ("p.year_started", False),
        ("p.step_count", False),
        ("p.actor_count", False),
        ("p.metric_count", False),
        ("p.summary", True),
        ("sl.sources", True),
        ("%s || p.slug || '/'", True),
    ]
    if staff:
        cells.append(("p.status", True))
    inner = ", ".join(f"{sql} AS cell_{i}" for i, (sql, _) in enumerate(cells))
    outer = ", ".join(
        neutralised_sql(f"cell_{i}") if is_text else f"cell_{i}"
        for i, (_, is_text) in enumerate(cells)
    )
    sql = f"""
        WITH chosen (id, export_row) AS MATERIALIZED ({chosen_sql}),
        region_columns AS (
            SELECT r.path, r.code,
                max(a.name) FILTER (WHERE a.level = 'province') AS province,
                max(a.name) FILTER (WHERE a.level = 'prefecture') AS prefecture,
                max(a.name) FILTER (WHERE a.level = 'county') AS county
            FROM practices_region r
            CROSS JOIN LATERAL unnest(string_to_array(rtrim(r.path, '/'), '/')) AS seg
            JOIN practices_region a ON a.id = seg::integer
            GROUP BY r.path, r.code
        ),
        source_lists AS (
            SELECT ps.practice_id,
                string_agg(
                    concat_ws(' | ', NULLIF(s.title, ''), NULLIF(s.publication, ''),
                              NULLIF(s.published_on, '')),
                    '; ' ORDER BY s.slug
                ) AS sources
            FROM practices_practice_sources ps
            JOIN practices_sourcedocument s ON s.id = ps.sourcedocument_id
            WHERE ps.practice_id IN (SELECT c.id FROM chosen c)
            GROUP BY ps.practice_id
        )
        SELECT {outer} FROM (
            SELECT c.export_row, {inner}
            FROM chosen c
            JOIN practices_practice p ON p.id = c.id
            LEFT JOIN region_columns rc ON rc.path = p.region_path
            LEFT JOIN source_lists sl ON sl.practice_id = p.id
        ) AS cells
        ORDER BY export_row
    """
    return sql, [*chosen_params, *theme_params, url_prefix]

