"""On SQLite, an FTS5 index over the same search tokens PostgreSQL's GIN index
holds (practices/search.py): a keyword is then found through the index on the
embedded default too, instead of by scanning every practice's folded text. The
index is an external-content table kept in step with practices_practicesearch by
triggers, so every write path (admin, case files, commands, bulk writes) keeps it
current without knowing of it."""

from django.db import migrations

FTS_SQL = [
    "CREATE VIRTUAL TABLE practice_search_fts USING fts5(tokens, "
    "content='practices_practicesearch', content_rowid='practice_id', "
    "tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER practice_search_fts_insert AFTER INSERT ON practices_practicesearch "
    "BEGIN INSERT INTO practice_search_fts(rowid, tokens) "
    "VALUES (new.practice_id, new.tokens); END",
    "CREATE TRIGGER practice_search_fts_delete AFTER DELETE ON practices_practicesearch "
    "BEGIN INSERT INTO practice_search_fts(practice_search_fts, rowid, tokens) "
    "VALUES ('delete', old.practice_id, old.tokens); END",
    "CREATE TRIGGER practice_search_fts_update AFTER UPDATE ON practices_practicesearch "
    "BEGIN INSERT INTO practice_search_fts(practice_search_fts, rowid, tokens) "
    "VALUES ('delete', old.practice_id, old.tokens); "
    "INSERT INTO practice_search_fts(rowid, tokens) "
    "VALUES (new.practice_id, new.tokens); END",
    "INSERT INTO practice_search_fts(practice_search_fts) VALUES ('rebuild')",
]
DROP_SQL = [
    "DROP TRIGGER IF EXISTS practice_search_fts_insert",
    "DROP TRIGGER IF EXISTS practice_search_fts_delete",
    "DROP TRIGGER IF EXISTS practice_search_fts_update",
    "DROP TABLE IF EXISTS practice_search_fts",
]


def add_fts(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in FTS_SQL:
            schema_editor.execute(statement)


def drop_fts(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in DROP_SQL:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("practices", "0010_former_regions")]

    operations = [migrations.RunPython(add_fts, drop_fts, elidable=False)]
