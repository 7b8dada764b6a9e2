"""Writing many new practices at once (a case file's new practices): the fields
store.write_practice sets, inserted in bulk — practices, their search rows, their
theme and source links, steps, involvements and figures — with the derived fields
and quoted passages computed before the insert by the functions
refresh_derived_fields uses (derived.py, passages.py), so the rows are as
write_practice followed by refresh_derived_fields leaves them, in a few statements
instead of dozens per practice. Callers check the content first (rules.py) and
write inside a transaction."""

from dataclasses import dataclass

from .copy_in import RowWriter, allocated_ids
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

BATCH = 100  # practices built before their rows are handed to the writer


def create_practices(items, user=None, merge=None, ahead=None):
    """Create a practice for each (data, refs, status) of `items` (as write_practice
    takes them, none stored yet); returns (practice, its dict as snapshot.py reads
    it back) for each, in order, for the revisions.

    Every row's id is drawn first (allocated_ids), so the rows are built with their
    references and handed to a RowWriter, which writes them from a thread while
    the next ones are built, BATCH practices at a time; once every search row is
    in, the search index merges them all at once (search_index.py) beside what is
    left to do. `merge`: a SearchIndexMerge the caller finishes once its
    transaction ends; without one, the merge is waited for here. `ahead`: a
    search_ahead.SearchAhead that has the practices' own search fields, if any."""
    if not items:
        return []
    own = merge is None
    merge = merge or SearchIndexMerge()
    paths = {refs["region"].path for _data, refs, _status in items}
    region_names = Region.objects.names_by_path(paths)
    ids = _new_ids(items)
    squeezed = {}  # a source's text without whitespace, once
    built = []
    try:
        merge.hold()
        with RowWriter() as writer:
            for start in range(0, len(items), BATCH):
                batch = [
                    _built(
                        *item,
                        user,
                        _texts(item[1], squeezed),
                        region_names,
                        ids,
                        ahead and ahead.own(item[0]),
                    )
                    for item in items[start : start + BATCH]
                ]
                _write(batch, writer)
                built += batch
            # One merge of every new entry: merges as the rows came in cost
            # twice as much in all (each merge rewrites pages all over the index).
            writer.then(merge.start)
            created = _with_dicts(built, region_names)
    except BaseException:
        merge.finish(failed=True)
        raise
    if own:
        merge.finish()
    if created:
        library_changed()  # bulk inserts send no signals
    return created


def _new_ids(items):
    """{model: an iterator of new ids} for the rows of `items`, drawn at once."""
    counts = {Practice: len(items), Step: 0, Involvement: 0, Metric: 0}
    for data, _refs, _status in items:
        places = list(entry_places(data.get("steps", [])))
        counts[Step] += len(places)
        for owner in [data, *(entry for _place, entry in places)]:
            counts[Involvement] += len(owner.get("involvements", []))
            counts[Metric] += len(owner.get("metrics", []))
    return {model: iter(allocated_ids(model, n)) for model, n in counts.items()}


def _texts(refs, squeezed):
    """[(source id, its SqueezedText)] of the sources `refs` cite."""
    for source in refs["sources"]:
        if source.pk not in squeezed:
            squeezed[source.pk] = SqueezedText(source.text)
    return [(source.pk, squeezed[source.pk]) for source in refs["sources"]]


def _write(batch, writer):
    """Hand the rows of `batch` to the writer, each after those it refers to (the
    writer checks references as it writes): practices and their search rows
    first, so that every search row is in as soon as can be and the merge starts
    (create_practices); their theme and source links, steps (parents first, the
    reading order), involvements and figures `later`, whenever the writer has
    nothing else to do."""
    writer.write(Practice, [b.practice for b in batch])
    writer.write(
        PracticeSearch,
        (PracticeSearch(practice_id=b.practice.pk, **b.search) for b in batch),
    )
    _link(batch, writer)
    steps = (step for b in batch for step in b.steps.values())
    writer.write(Step, steps, later=True)
    involvements = (p for b in batch for p in b.parts.involvements)
    writer.write(Involvement, involvements, later=True)
    writer.write(Metric, (p for b in batch for p in b.parts.metrics), later=True)


def _with_dicts(built, region_names):
    """(practice, its dict) for each of `built`, the dict from the rows just
    written, as snapshot.py would read them back."""
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


def _built(data, refs, status, user, source_texts, region_names, ids, own):
    """`ids`: {model: an iterator of new ids} (_new_ids); `own`: the practice's
    search_text.OwnSections if worked out ahead, or None."""
    practice = Practice(pk=next(ids[Practice]), slug=data["slug"], created_by=user)
    set_practice_fields(practice, data, refs, user, status)
    places = list(entry_places(data.get("steps", [])))
    steps = {}
    for order, (place, entry) in enumerate(places):
        parent = steps.get(place[:-1])
        step = Step(
            pk=next(ids[Step]),
            practice_id=practice.pk,
            parent_id=None if parent is None else parent.pk,
        )
        set_step_fields(step, place, entry, order)
        steps[place] = step
    involvements, metrics = [], []
    for place, owner in [((), data), *places]:
        step_id = steps[place].pk if place else None
        for entry in owner.get("involvements", []):
            part = Involvement(
                pk=next(ids[Involvement]), practice_id=practice.pk, step_id=step_id
            )
            set_part_fields(part, entry, refs["actors"])
            involvements.append(part)
        for entry in owner.get("metrics", []):
            part = Metric(
                pk=next(ids[Metric]), practice_id=practice.pk, step_id=step_id
            )
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
    names = region_names[refs["region"].path]
    row, search = derived_fields(practice, parts, names, own)
    for name, value in row.items():
        setattr(practice, name, value)
    return _Built(practice, steps, parts, search)


def _link(built, writer):
    for manager, attribute, name in (
        (Practice.themes, "themes", "theme_id"),
        (Practice.sources, "sources", "sourcedocument_id"),
    ):
        through = manager.through
        writer.write(
            through,
            (
                through(practice_id=b.practice.pk, **{name: target.pk})
                for b in built
                for target in getattr(b.parts, attribute)
            ),
            later=True,
        )
