"""The export zip: every CSV table, the JSON, the codebook and a README in one file."""

import tempfile
import zipfile

from .codebook import codebook_csv
from .json_export import json_stream
from .tables import TABLES, csv_stream


def write_zip(practices, context, query=""):
    """Every table, the JSON and the codebook in one zip (a temporary file)."""
    archive = tempfile.TemporaryFile()
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for table in TABLES.values():
            with bundle.open(table.filename, "w") as member:
                for chunk in csv_stream(table, practices, context):
                    member.write(chunk.encode("utf-8"))
        with bundle.open("export.json", "w") as member:
            for chunk in json_stream(practices):
                member.write(chunk.encode("utf-8"))
        bundle.writestr("codebook.csv", codebook_csv())
        bundle.writestr("README.txt", zip_readme(query, context))
    archive.seek(0)
    return archive


def zip_readme(query, context):
    drafts = (
        "may include drafts (see the status column)"
        if context.get("staff")
        else ("published practices only")
    )
    return (
        "govcases export\n\n"
        f"Query: ?{query}\nContent: {drafts}\n\n"
        "Tables join on practice_id, step_id and actor_id;\n"
        "codebook.csv explains every "
        "column. export.json is a case file (docs/case-file.md) that imports back.\n"
    )
