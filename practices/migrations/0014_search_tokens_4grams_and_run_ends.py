"""Search tokens without every 2- and 3-gram (practices/search.py): each CJK run's
characters, its 4-grams and its last two and three characters, a 2- or 3-character
term being found by the tokens it begins. The tokens are a function of the folded
text, so every search row's are worked out again from its text; on PostgreSQL the
GIN index is dropped meanwhile and built again after (much faster than keeping it
through 100,000 updates). Reversible: the other way gives back every 1- to 4-gram.
The tokenisers are written out here as they are at this migration."""

import re

from django.db import migrations

INDEX = "practice_search_vector_gin"
CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
TOKEN_RUN = re.compile(f"[{CJK}]+|[0-9a-z]+")
MAX_LEXEME = 2047
CHUNK = 2000


def ngrams(run, n):
    return [run[i : i + n] for i in range(len(run) - n + 1)]


def run_end_tokens(run):
    found = [*run, *(ngrams(run, 4) if len(run) >= 4 else [])]
    return found + [run[-n:] for n in (2, 3) if len(run) >= n]


def every_ngram(run):
    found = list(run)
    for n in range(2, min(len(run), 4) + 1):
        found += ngrams(run, n)
    return found


def tokens_with(of_run):
    def tokens(folded):
        found = []
        for run in TOKEN_RUN.findall(folded):
            if run[0] > "z":
                found += of_run(run)
            elif len(run) <= MAX_LEXEME:
                found.append(run)
        return " ".join(dict.fromkeys(found))

    return tokens


def retokenise(of_run):
    tokens = tokens_with(of_run)

    def run(apps, schema_editor):
        connection = schema_editor.connection
        postgres = connection.vendor == "postgresql"
        with connection.cursor() as cursor:
            if postgres:
                cursor.execute(f"DROP INDEX IF EXISTS {INDEX}")
            last = 0
            while True:
                cursor.execute(
                    "SELECT practice_id, text FROM practices_practicesearch "
                    "WHERE practice_id > %s ORDER BY practice_id LIMIT %s",
                    [last, CHUNK],
                )
                rows = cursor.fetchall()
                if not rows:
                    break
                cursor.executemany(
                    "UPDATE practices_practicesearch SET tokens = %s "
                    "WHERE practice_id = %s",
                    [(tokens(text), practice_id) for practice_id, text in rows],
                )
                last = rows[-1][0]
            if postgres:
                cursor.execute(
                    f"CREATE INDEX {INDEX} ON practices_practicesearch "
                    "USING gin (vector)"
                )

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0013_search_vector_without_positions"),
    ]

    operations = [
        migrations.RunPython(
            retokenise(run_end_tokens), retokenise(every_ngram), elidable=False
        ),
    ]
