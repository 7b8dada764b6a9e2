"""Write practices in the case-file format (docs/case-file.md).

The output imports back to the same data: export → import into an empty
database → export again gives identical output.
"""

import json

from practices.models import Actor
from practices.snapshot import compact, practice_to_dict, with_parts

from .schema import FORMAT_NAME, FORMAT_VERSION

SOURCE_KEYS = [
    "title",
    "subtitle",
    "publication",
    "dateline",
    "published_on",
    "authors",
    "url",
    "script",
    "text",
]
ACTOR_KEYS = ["name", "name_en", "kind", "level"]


def export_case_file(practices):
    """The case-file document (a dict) for an iterable or queryset of practices."""
    practices = list(with_parts(practices))
    sources = {s.slug: s for p in practices for s in p.sources.all()}
    actor_ids = {i.actor_id for p in practices for i in p.involvements.all()}
    actors = Actor.objects.filter(pk__in=actor_ids).order_by("name")
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "sources": [source_to_dict(sources[key]) for key in sorted(sources)],
        "actors": [compact({k: getattr(a, k) for k in ACTOR_KEYS}) for a in actors],
        "practices": [practice_to_dict(p) for p in practices],
    }


def dump_case_file(document):
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def source_to_dict(document):
    data = {"key": document.slug}
    data.update({key: getattr(document, key) for key in SOURCE_KEYS})
    return compact(data)
