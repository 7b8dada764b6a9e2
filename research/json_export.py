"""The case-file JSON of a practice list, streamed practice by practice."""

import json

from casefiles.schema import FORMAT_NAME, FORMAT_VERSION
from casefiles.writer import ACTOR_KEYS, source_to_dict
from practices.models import Actor, Practice, Region, SourceDocument, name_path
from practices.snapshot import compact, practice_to_dict, with_parts

from .rows import CHUNK, chunks
from .streaming import dataset_version, one_snapshot


def json_stream(practices):
    """Text chunks of one case-file document holding `practices`, in their order:
    a fixed number of queries per batch of 500 practices, however long the list.

    Sources and actors are written after the practices, once their keys are known;
    the loader does not mind the order of the top-level keys.
    """
    with one_snapshot():
        yield (
            f'{{"format": "{FORMAT_NAME}", "version": {FORMAT_VERSION}, '
            f'"dataset_version": "{dataset_version()}", "practices": ['
        )
        source_ids, actor_ids, first = set(), set(), True
        for entry in _entries(practices, source_ids, actor_ids):
            yield ("\n" if first else ",\n") + json.dumps(
                entry, ensure_ascii=False, indent=2
            )
            first = False
        sources = SourceDocument.objects.filter(pk__in=source_ids).order_by("slug")
        actors = Actor.objects.filter(pk__in=actor_ids).order_by("name")
        tail = {
            "sources": [source_to_dict(s) for s in sources],
            "actors": [compact({k: getattr(a, k) for k in ACTOR_KEYS}) for a in actors],
        }
    yield "\n],\n" + json.dumps(tail, ensure_ascii=False, indent=2)[1:] + "\n"


def _entries(practices, source_ids, actor_ids):
    """Each practice's case-file entry, in order, 500 practices read at a time; the
    ids of the sources and actors they cite are added to `source_ids` and
    `actor_ids`."""
    ids = practices.values_list("pk", flat=True).iterator(chunk_size=CHUNK)
    for batch in chunks(ids, 500):
        loaded = {p.pk: p for p in with_parts(Practice.objects.filter(pk__in=batch))}
        names = Region.objects.names_by_path(p.region_path for p in loaded.values())
        for pk in batch:
            practice = loaded[pk]
            source_ids.update(s.pk for s in practice.sources.all())
            actor_ids.update(i.actor_id for i in practice.involvements.all())
            yield practice_to_dict(practice, name_path(names[practice.region_path]))
