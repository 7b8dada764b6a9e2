"""The export zip: every CSV table, the JSON, the codebook and a README in one file,
streamed as it is written.

The standard library's zipfile writes to an unseekable stream since Python 3.5 (each
member's sizes follow it in a data descriptor), so the archive goes out chunk by
chunk with no temporary file and no library beyond Python's own: the first bytes
leave before the first table is finished, and memory stays flat at any size.
"""

import zipfile

from django.utils import timezone

from .codebook import codebook_csv
from .json_export import json_stream
from .streaming import dataset_version, one_snapshot
from .tables import TABLES, csv_stream


class ChunkSink:
    """A write-only file object whose written bytes are taken out in chunks."""

    def __init__(self):
        self.parts = []

    def write(self, data):
        self.parts.append(bytes(data))
        return len(data)

    def flush(self):
        pass

    def take(self):
        data = b"".join(self.parts)
        self.parts.clear()
        return data


def zip_stream(practices, context, query=""):
    """Bytes of the zip of every table, the JSON and the codebook, as written: all
    read in one snapshot of the library (streaming.one_snapshot)."""
    sink = ChunkSink()
    deflated = zipfile.ZIP_DEFLATED
    with one_snapshot(), zipfile.ZipFile(sink, "w", compression=deflated) as bundle:
        members = [
            (table.filename, csv_stream(table, practices, context))
            for table in TABLES.values()
        ]
        members.append(("export.json", json_stream(practices)))
        for filename, chunks in members:
            yield from _member(bundle, sink, filename, chunks)
        bundle.writestr("codebook.csv", codebook_csv())
        bundle.writestr("README.txt", zip_readme(query, context))
    yield sink.take()


def _member(bundle, sink, filename, chunks):
    """Write one member of `bundle` from `chunks` (the tables' are bytes, the
    JSON's text), yielding the zip's bytes as they come."""
    # Sizes are unknown until the end: zip64 fields keep any size valid.
    with bundle.open(filename, "w", force_zip64=True) as member:
        for chunk in chunks:
            member.write(chunk if isinstance(chunk, bytes) else chunk.encode())
            if data := sink.take():
                yield data


def query_in_words(filterset):
    """The browse filters of an export, one "label: value" line each."""
    lines = []
    filterset.is_valid()
    for name, field in filterset.form.fields.items():
        value = filterset.form.cleaned_data.get(name)
        if value in (None, "", []) or name == "sort":
            continue
        if name == "region":
            value = value.full_name
        elif name == "theme":
            value = "; ".join(f"{t.slug} ({t.name})" for t in value)
        elif isinstance(value, list | tuple):
            value = "; ".join(str(v) for v in value)
        lines.append(f"  {field.label}: {value}")
    return "\n".join(lines) or "  (none: the whole published library)"


def zip_readme(query, context):
    drafts = (
        "may include drafts (see the status column)"
        if context.get("staff")
        else ("published practices only")
    )
    return (
        "govcases export\n\n"
        + (f"Filters:\n{context['query_words']}\n" if "query_words" in context else "")
        + f"Query: ?{query}\nContent: {drafts}\n"
        f"Exported at: {timezone.now().isoformat(timespec='seconds')}\n"
        f"Dataset version (latest change to a published practice): "
        f"{dataset_version()}\n\n"
        "Tables join on practice_id, step_id and actor_id;\n"
        "codebook.csv explains every "
        "column. export.json is a case file (docs/case-file.md) that imports back.\n"
    )
