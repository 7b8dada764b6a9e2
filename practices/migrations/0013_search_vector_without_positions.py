"""The search vector (PostgreSQL) as the stored tokens themselves: array_to_tsvector
of the space-separated tokens, without positions, instead of to_tsvector('simple'),
which ran the text search parser over them and stored each token's positions.
Searches never used positions (every token of a query is ANDed; longer terms are
rechecked against the text) and the tokens need no parsing (search.tokens() makes
them); the two give the same lexemes for every row of the 100k benchmark library
(bench/README.md). Writing a search row costs less than half as much, and the
column is smaller. Queries build their tsquery from the tokens the same way
(search.TokensMatch), so neither side goes through the parser. The GIN index is
built again. SQLite (FTS5 over the same tokens, migration 0011): nothing to do."""

from django.db import migrations

INDEX = "practice_search_vector_gin"


def vector_column(expression):
    return [
        f"DROP INDEX IF EXISTS {INDEX}",
        "ALTER TABLE practices_practicesearch DROP COLUMN vector",
        "ALTER TABLE practices_practicesearch ADD COLUMN vector tsvector "
        f"GENERATED ALWAYS AS ({expression}) STORED",
        "ALTER TABLE practices_practicesearch ALTER COLUMN vector SET STORAGE EXTERNAL",
        f"CREATE INDEX {INDEX} ON practices_practicesearch USING gin (vector)",
    ]


TOKENS = "array_to_tsvector(string_to_array(tokens, ' '))"
PARSED = "to_tsvector('simple', tokens)"  # migration 0003


def set_vector(expression):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in vector_column(expression):
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0012_step_depth_and_tree_order"),
    ]

    operations = [
        migrations.RunPython(set_vector(TOKENS), set_vector(PARSED)),
    ]
