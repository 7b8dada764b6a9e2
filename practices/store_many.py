"""Writing many new practices at once (a case file's new practices): the fields
store.write_practice sets, inserted in bulk, BATCH practices at a time — practices,
their theme and source links, steps level by level of the tree, involvements and
figures — with the derived fields and quoted passages computed before the insert by
the functions refresh_derived_fields uses (derived.py, passages.py), so the rows are
as write_practice followed by refresh_derived_fields leaves them, in a few
statements instead of dozens per practice. Callers check the content first
(rules.py) and write inside a transaction."""

from dataclasses import dataclass

from .copy_in import CopyBeside, copy_in, insert_rows
from .derived import PracticeParts, derived_fields
from .library_version import library_changed
from .models import (
    Involvement,
    Metric,
    Practice,
    PracticeSearch,
    Region,
    Step,
    name_path,
)
from .passages import SqueezedText, find_passage, set_passage
from .search_index import SearchIndexMerge
from .snapshot import practice_to_dict
from .store import (
    entry_places,
    set_part_fields,
    set_practice_fields,
    set_step_fields,
)

BATCH = 500


def create_practices(items, user=None, merge=None):
    """Create a practice for each (data, refs, status) of `items` (as write_practice
    takes them, none stored yet); returns (practice, its dict as snapshot.py reads
    it back) for each, in order, for the revisions.

    The practices and their search rows are written first, BATCH at a time, each
    batch's search rows sent from a thread while the next batch is built; the
    search index's merge of all of them then starts beside the writing of the rest
    (search_index.py). `merge`: a SearchIndexMerge the caller finishes once its
    transaction ends; without one, the merge is waited for here."""
    if not items:
        return []
    own = merge is None
    merge = merge or SearchIndexMerge()
    paths = {refs["region"].path for _data, refs, _status in items}
    region_names = Region.objects.names_by_path(paths)
    squeezed = {}  # a source's text without whitespace, once
    search_rows = CopyBeside(PracticeSearch, [])  # the last batch's, being written
    built = []
    try:
        merge.hold()
        for start in range(0, len(items), BATCH):
            batch = [
                _built(*item, user, _texts(item[1], squeezed), region_names)
                for item in items[start : start + BATCH]
            ]
            search_rows.wait()
            insert_rows(Practice, [b.practice for b in batch])
            search_rows = CopyBeside(
                PracticeSearch,
                [PracticeSearch(practice=b.practice, **b.search) for b in batch],
            )
            built += batch
        search_rows.wait()
        merge.start()
        created = _the_rest(built, region_names)
    except BaseException:
        search_rows.wait(raising=False)
        merge.finish(failed=True)
        raise
    if own:
        merge.finish()
    if created:
        library_changed()  # bulk inserts send no signals
    return created


def _texts(refs, squeezed):
    """[(source id, its SqueezedText)] of the sources `refs` cite."""
    for source in refs["sources"]:
        if source.pk not in squeezed:
            squeezed[source.pk] = SqueezedText(source.text)
    return [(source.pk, squeezed[source.pk]) for source in refs["sources"]]


def _the_rest(built, region_names):
    """Write the theme and source links, steps, involvements and figures of `built`;
    returns (practice, its dict) for each."""
    _link(built)
    depth = 1
    while True:  # parents before their children: one insert per level of the trees
        level = [
            step
            for b in built
            for place, step in b.steps.items()
            if len(place) == depth
        ]
        if not level:
            break
        insert_rows(Step, level)
        depth += 1
    insert_rows(Involvement, (p for b in built for p in b.parts.involvements))
    insert_rows(Metric, (p for b in built for p in b.parts.metrics))
    # Every id is now set (parents', steps', parts'): each practice's dict from
    # the rows just written, as snapshot.py would read them back.
    return [
        (
            b.practice,
            practice_to_dict(
                b.practice, name_path(region_names[b.practice.region.path]), b.parts
            ),
        )
        for b in built
    ]


@dataclass
class _Built:
    """One practice's unsaved rows: the practice, {place: Step}, its PracticeParts
    and its PracticeSearch fields."""

    practice: Practice
    steps: dict
    parts: PracticeParts
    search: dict


def _built(data, refs, status, user, source_texts, region_names):
    practice = Practice(slug=data["slug"], created_by=user)
    set_practice_fields(practice, data, refs, user, status)
    places = list(entry_places(data.get("steps", [])))
    steps = {}
    for order, (place, entry) in enumerate(places):
        step = Step(practice=practice, parent=steps.get(place[:-1]))
        set_step_fields(step, place, entry, order)
        steps[place] = step
    involvements, metrics = [], []
    for place, owner in [((), data), *places]:
        step = steps[place] if place else None
        for entry in owner.get("involvements", []):
            part = Involvement(practice=practice, step=step)
            set_part_fields(part, entry, refs["actors"])
            involvements.append(part)
        for entry in owner.get("metrics", []):
            part = Metric(practice=practice, step=step)
            set_part_fields(part, entry, refs["actors"])
            metrics.append(part)
    for item in [*steps.values(), *metrics]:
        set_passage(item, find_passage(item.source_quote, source_texts))
    parts = PracticeParts(
        themes=sorted(refs["themes"], key=lambda theme: theme.pk),  # as stored
        steps=list(steps.values()),  # in tree order
        involvements=involvements,
        metrics=metrics,
        sources=list(refs["sources"]),
    )
    row, search = derived_fields(practice, parts, region_names[refs["region"].path])
    for name, value in row.items():
        setattr(practice, name, value)
    return _Built(practice, steps, parts, search)


def _link(built):
    for manager, attribute, name in (
        (Practice.themes, "themes", "theme_id"),
        (Practice.sources, "sources", "sourcedocument_id"),
    ):
        through = manager.through
        copy_in(
            through,
            (
                through(practice_id=b.practice.pk, **{name: target.pk})
                for b in built
                for target in getattr(b.parts, attribute)
            ),
        )
