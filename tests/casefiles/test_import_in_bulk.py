"""Imports write new practices in bulk (practices/store_many.py): the rows are the
ones writing each practice alone gives, in a number of statements that does not
grow with the file."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casefiles.loader import import_case_file
from practices.choices import RevisionAction
from practices.derived import refresh_derived_fields
from practices.history import record, resolve_references
from practices.models import Involvement, Metric, Practice, PracticeSearch, Step
from practices.store import tree_places, write_practice

from .test_casefile import encode, good_file

pytestmark = pytest.mark.django_db


def stored_rows(practice):
    """A practice as stored, row by row, without its ids and its own slug: steps
    by their place in the tree, parts by their owner's place."""
    skip = {"id", "slug", "created_at", "updated_at"}
    row = {k: v for k, v in Practice.objects.values().get(pk=practice.pk).items()}
    places = {
        step.pk: place for place, step in tree_places(practice.steps.all()).items()
    }

    def part_rows(model):
        rows = []
        for values in model.objects.filter(practice=practice).order_by("pk").values():
            values["step_id"] = places.get(values["step_id"])
            rows.append(
                {k: v for k, v in values.items() if k not in {"id", "practice_id"}}
            )
        return rows

    steps = {
        places[step["id"]]: {
            k: v for k, v in step.items() if k not in {"id", "practice_id", "parent_id"}
        }
        for step in Step.objects.filter(practice=practice).values()
    }
    search = PracticeSearch.objects.values("text", "tokens").get(practice=practice)
    return {
        "practice": {k: v for k, v in row.items() if k not in skip},
        "themes": sorted(practice.themes.values_list("pk", flat=True)),
        "sources": sorted(practice.sources.values_list("pk", flat=True)),
        "steps": steps,
        "involvements": part_rows(Involvement),
        "metrics": part_rows(Metric),
        "search": search,
        "revision": {
            k: v
            for k, v in practice.revisions.values("action", "content").get().items()
        },
    }


def test_new_practices_are_stored_as_the_write_of_one_practice_stores_them():
    """An import writes its new practices in bulk (practices/store_many.py): every
    row — derived fields, search text, passages, figures' natures, the revision —
    must be what writing the practice alone and refreshing it gives."""
    document = good_file(2)
    document["practices"][1]["steps"][0]["steps"][0]["steps"] = [
        {"name": "受理", "source_quote": "复杂事项15个工作日内办结"}
    ]
    document["practices"][1]["metrics"] = [
        {
            "name": "复杂事项时限",
            "value": 15,
            "unit": "个工作日",
            "kind": "time_limit",
            "source_quote": "复杂事项15个工作日内办结",
        }
    ]
    import_case_file(encode(document))
    for data in document["practices"]:
        region = Practice.objects.get(slug=data["slug"]).region.full_name
        alone = dict(data, slug=data["slug"] + "-alone", region=region)
        refs, errors = resolve_references(alone)
        assert not errors
        practice = write_practice(alone, refs)
        refresh_derived_fields(Practice.objects.filter(pk=practice.pk))
        record(practice, None, RevisionAction.IMPORTED)
        in_bulk = stored_rows(Practice.objects.get(slug=data["slug"]))
        one_by_one = stored_rows(practice)
        one_by_one["revision"]["content"]["slug"] = data["slug"]
        assert in_bulk == one_by_one


def test_an_import_runs_as_many_statements_for_thirty_practices_as_for_three():
    def statements(document):
        with CaptureQueriesContext(connection) as queries:
            import_case_file(encode(document))
        return len(queries)

    def new_practices(count, tag):
        document = good_file(count)
        for practice in document["practices"]:
            practice["slug"] += tag
        return document

    import_case_file(encode(good_file(1)))  # the actor and the source exist
    small = statements(new_practices(3, "-a"))
    # A few more at most: SQLite splits a long insert by its limit of variables.
    assert small <= statements(new_practices(30, "-b")) < small + 5
    unchanged = statements(new_practices(30, "-b"))  # read and compared only
    assert unchanged == statements(new_practices(3, "-a")) < small


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the GIN index is PostgreSQL's"
)
def test_an_import_succeeds_where_the_search_index_cannot_be_merged(
    monkeypatch, caplog
):
    """Only the index's owner may merge its pending list; for anyone else the
    import still writes everything (the merge is left to VACUUM)."""
    from practices import search_index

    monkeypatch.setattr(search_index, "SEARCH_INDEX", "no_such_index")
    import_case_file(encode(good_file(2)))
    assert Practice.objects.count() == PracticeSearch.objects.count() == 2
    assert "could not merge" in caplog.text


def pending_pages():
    """Pages left in the search index's pending list (merging them now)."""
    from practices.search_index import MERGE, SEARCH_INDEX

    with connection.cursor() as cursor:
        cursor.execute(MERGE, [SEARCH_INDEX])
        return cursor.fetchone()[0]


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the GIN index is PostgreSQL's"
)
def test_an_import_leaves_its_search_entries_merged_into_the_index():
    """The merge runs on a second connection while the import writes the rest:
    the import's entries (of rows not yet committed) are in the index's tree, not
    its pending list, and searches find them."""
    import_case_file(encode(good_file(3)))
    assert pending_pages() == 0
    assert pending_pages() == 0  # the check itself merged nothing either
    found = Practice.objects.filter(
        slug__in=[p["slug"] for p in good_file(3)["practices"]]
    )
    assert found.count() == 3


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the GIN index is PostgreSQL's"
)
def test_the_merge_runs_on_the_imports_connection_where_a_second_one_fails(
    monkeypatch, caplog
):
    from django.db import connections

    def refused(alias):
        raise ConnectionError("too many connections")

    monkeypatch.setattr(connections, "create_connection", refused)
    caplog.set_level("INFO", logger="practices.search_index")
    import_case_file(encode(good_file(2)))
    assert "could not merge the search index beside the import" in caplog.text
    assert pending_pages() == 0
    assert Practice.objects.count() == PracticeSearch.objects.count() == 2


def test_an_import_without_new_practices_opens_no_second_connection(monkeypatch):
    """A changed practice (the admin's steps-and-figures page imports one) has no
    new search rows to merge: no merge beside it."""
    from django.db import connections

    import_case_file(encode(good_file(1)))
    opened = []
    monkeypatch.setattr(connections, "create_connection", opened.append)
    document = good_file(1)
    document["practices"][0]["title"] = "改过的标题"
    import_case_file(encode(document))
    assert Practice.objects.get().title == "改过的标题"
    assert opened == []


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the GIN index is PostgreSQL's"
)
def test_the_command_merges_every_files_search_entries(tmp_path):
    """The command holds its files in one transaction: each file's merge runs
    beside the writing and the commit, and is waited for before it reports."""
    paths = []
    for count, tag in ((2, "-a"), (3, "-b")):
        document = good_file(count)
        for practice in document["practices"]:
            practice["slug"] += tag
        paths.append(tmp_path / f"file{tag}.json")
        paths[-1].write_bytes(encode(document))
    call_command("import_cases", *map(str, paths), stdout=io.StringIO())
    assert pending_pages() == 0
    assert PracticeSearch.objects.count() == 5
