"""A practice's search fields built in sections (practices/search_text.py) are those
of its whole text, whether worked out from its stored rows or from its case-file
entry; and a case file's are worked out ahead in a forked process
(practices/search_ahead.py) with the same result, or here when that fails."""

import pytest

from casefiles.loader import import_case_file
from practices import search_ahead
from practices.derived import PracticeParts
from practices.folding import fold_script, pinyin_sort_key
from practices.models import Actor, Practice, PracticeSearch, Region
from practices.search import tokens
from practices.search_text import (
    entry_own_sections,
    practice_search_fields,
    stored_own_sections,
)

from ..casefiles.test_casefile import encode, good_file
from ..casefiles.test_import_in_bulk import stored_rows
from ..conftest import seed_documents

pytestmark = pytest.mark.django_db


def whole_text_fields(practice, parts, region_names):
    """The fields as one folded text and its tokens (their definition)."""
    texts = [practice.title, practice.alias, practice.summary, practice.problem]
    texts += [practice.outcomes, *region_names]
    texts += [f"{t.name} {t.name_en}" for t in parts.themes]
    texts += [f"{s.name} {s.description}" for s in parts.steps]
    texts += [i.actor.name for i in parts.involvements]
    texts += [m.name for m in parts.metrics]
    text = fold_script("\n".join(t for t in texts if t))
    return {
        "search_title": fold_script(f"{practice.title}\n{practice.alias}"),
        "text": text,
        "tokens": " ".join(dict.fromkeys(tokens(text))),
    }


def stored(slug):
    practice = (
        Practice.objects.select_related("region")
        .prefetch_related("themes", "steps", "involvements__actor", "metrics")
        .get(slug=slug)
    )
    names = Region.objects.names_by_path([practice.region.path])
    return practice, PracticeParts.prefetched(practice), names[practice.region.path]


def test_sections_give_the_whole_texts_fields_for_every_seed_practice(seed_library):
    """Every seed practice, in both scripts (one seed page is in Traditional), from
    its stored rows and from its case-file entry."""
    entries = [p for document in seed_documents() for p in document["practices"]]
    assert len(entries) == Practice.objects.count() > 10
    for data in entries:
        practice, parts, region_names = stored(data["slug"])
        whole = whole_text_fields(practice, parts, region_names)
        mine = stored_own_sections(practice, parts)
        assert practice_search_fields(practice, parts, region_names, mine) == whole
        own = entry_own_sections(data)
        assert own == mine, data["slug"]
        assert practice_search_fields(practice, parts, region_names, own) == whole
        assert own.title_pinyin == pinyin_sort_key(practice.title)


def test_an_actor_stored_in_the_other_script_is_searched_by_its_stored_name():
    """Actors are matched by their folded names: the file may write 網格員 for a
    stored 网格员. Their section is worked out from the stored actor."""
    Actor.objects.create(name="网格员", kind="community_committee")
    document = good_file(1)
    document["practices"][0]["steps"][0]["involvements"] = [
        {"actor": "網格員", "role": "carries_out"}
    ]
    import_case_file(encode(document))
    practice, parts, region_names = stored("liudan-1")
    assert [i.actor.name for i in parts.involvements] == ["网格员"]
    own = stored_own_sections(practice, parts)
    fields = practice_search_fields(practice, parts, region_names, own)
    assert fields == whole_text_fields(practice, parts, region_names)
    assert "网格员" in fields["text"].split("\n")


def traditional_file(count, tag):
    document = good_file(count)
    for practice in document["practices"]:
        practice["slug"] += tag
    document["practices"][0]["title"] = "六單工作法"
    document["practices"][0]["alias"] = "點單、報單"
    return document


@pytest.fixture
def ahead_for_any_file(monkeypatch):
    """Fields worked out ahead for files of any size; the results `own` gave."""
    monkeypatch.setattr(search_ahead, "MIN_PRACTICES", 1)
    given = []
    own = search_ahead.SearchAhead.own

    def spied(self, data):
        result = own(self, data)
        given.append(result)
        return result

    monkeypatch.setattr(search_ahead.SearchAhead, "own", spied)
    return given


def imported_rows(document):
    import_case_file(encode(document))
    return [
        stored_rows(Practice.objects.get(slug=p["slug"])) for p in document["practices"]
    ]


def without_slugs(rows):
    for row in rows:
        row["revision"]["content"].pop("slug")
    return rows


def test_fields_worked_out_ahead_are_stored_as_those_worked_out_here(
    ahead_for_any_file,
):
    ahead = imported_rows(traditional_file(3, "-ahead"))
    assert len(ahead_for_any_file) == 3 and all(ahead_for_any_file)
    ahead_for_any_file.clear()
    search_ahead.MIN_PRACTICES = 10**6  # (monkeypatch restores it)
    here = imported_rows(traditional_file(3, "-here"))
    assert ahead_for_any_file == [None, None, None]
    assert without_slugs(ahead) == without_slugs(here)
    assert Practice.objects.get(slug="liudan-1-ahead").search_title == (
        "六单工作法\n点单、报单"
    )


def test_a_failure_ahead_leaves_the_fields_to_this_process(
    ahead_for_any_file, monkeypatch
):
    def broken(start, stop):
        raise RuntimeError("the worker failed")

    monkeypatch.setattr(search_ahead, "_own_sections", broken)
    rows = imported_rows(traditional_file(2, "-broken"))
    assert ahead_for_any_file == [None, None]
    practice, parts, region_names = stored("liudan-1-broken")
    search = PracticeSearch.objects.values("text", "tokens").get(practice=practice)
    whole = whole_text_fields(practice, parts, region_names)
    assert rows[0]["search"] == {"text": whole["text"], "tokens": whole["tokens"]}
    assert search == rows[0]["search"]


def test_no_fork_here_leaves_the_fields_to_this_process(
    ahead_for_any_file, monkeypatch
):
    def no_fork(method):
        raise ValueError(f"cannot find context for {method!r}")

    monkeypatch.setattr(search_ahead.multiprocessing, "get_context", no_fork)
    imported_rows(traditional_file(2, "-nofork"))
    assert ahead_for_any_file == [None, None]
    assert Practice.objects.filter(slug__endswith="-nofork").count() == 2


def test_a_rejected_file_stops_the_process_ahead(ahead_for_any_file, monkeypatch):
    pools = []
    start = search_ahead.SearchAhead.__init__

    def remembered(self, practices):
        start(self, practices)
        pools.append(self)

    monkeypatch.setattr(search_ahead.SearchAhead, "__init__", remembered)
    document = traditional_file(2, "-rejected")
    document["practices"][1]["themes"] = ["no-such-theme"]
    with pytest.raises(Exception, match="no-such-theme|theme"):
        import_case_file(encode(document))
    assert pools and all(p.pool is None for p in pools)
    assert not Practice.objects.filter(slug__endswith="-rejected").exists()
