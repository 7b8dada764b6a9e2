"""Faithful content: every seed quote is in its source, every number in its quote."""

import pytest

from casefiles.loader import walk, walk_steps
from practices.provenance import number_in_quote, numbers_in, quote_in_text

from ..conftest import SEED_CASE_FILES, seed_documents

# The newspaper pages the seed library was drawn from (a copy of ../shared/seeds).
SEED_PAGES = sorted((SEED_CASE_FILES[0].parent.parent / "seed-pages").glob("*.txt"))
SOURCE_METADATA = ["title", "subtitle", "authors", "publication", "dateline"]


def seed_quotes():
    """(label, quote, source texts, metric or None) for every step and metric."""
    for document in seed_documents():
        texts = {s["key"]: s["text"] for s in document["sources"]}
        for practice in document["practices"]:
            own = [texts[key] for key in practice["sources"]]
            for step in walk_steps(practice.get("steps", [])):
                yield (
                    f"{practice['slug']} step {step['name']}",
                    step["source_quote"],
                    own,
                    None,
                )
            for metric in walk(practice, "metrics"):
                label = f"{practice['slug']} metric {metric['name']}"
                yield label, metric["source_quote"], own, metric


def test_the_seed_library_has_quotes_to_check():
    assert len(list(seed_quotes())) > 200


def test_every_seed_quote_is_in_its_source():
    missing = [
        label
        for label, quote, texts, _ in seed_quotes()
        if not any(quote_in_text(quote, text) for text in texts)
    ]
    assert missing == []


def test_every_seed_number_is_in_its_quote():
    missing = []
    for label, quote, _, metric in seed_quotes():
        if metric is None:
            continue
        for key in ("value", "value_max"):
            if metric.get(key) is not None and not number_in_quote(metric[key], quote):
                missing.append(f"{label}.{key}={metric[key]}")
    assert missing == []


def squeezed_pages():
    assert len(SEED_PAGES) == len(SEED_CASE_FILES)
    return "".join("".join(p.read_text(encoding="utf-8").split()) for p in SEED_PAGES)


def test_every_seed_source_text_is_in_its_newspaper_page():
    pages = squeezed_pages()
    for document in seed_documents():
        for source in document["sources"]:
            lines = [line for line in source["text"].split("\n") if line.strip()]
            absent = ["".join(line.split()) for line in lines]
            absent = [line for line in absent if line not in pages]
            assert absent == [], source["key"]


def test_every_seed_source_metadata_is_printed_on_its_page():
    """Title, subtitle, byline, publication and dateline: only what the page prints
    (spacing aside: 孙 鹏 is printed for 孙鹏)."""
    pages = squeezed_pages()
    unprinted = [
        (source["key"], name, source[name])
        for document in seed_documents()
        for source in document["sources"]
        for name in SOURCE_METADATA
        if source.get(name) and "".join(source[name].split()) not in pages
    ]
    assert unprinted == []
    assert not any(
        s.get("published_on") for d in seed_documents() for s in d["sources"]
    )


@pytest.mark.parametrize(
    "value, quote",
    [
        (12000, "建立1.2万余人网格员队伍"),
        (600000, "组织60余万名党员干部"),
        (3, "3天~5天完成处置"),
        (5, "3天~5天完成处置"),
        (6, "六单工作法"),
        (15, "十五个工作日"),
        (122, "一百二十二个县"),
        (100, "群众诉求100%回访"),
        (14, "14个\n部门"),
        (12000, "12,000人"),
        (98.5, "满意率98.5%"),
        (1800, "1800多名"),
    ],
)
def test_numbers_are_found_in_their_written_forms(value, quote):
    assert number_in_quote(value, quote)


@pytest.mark.parametrize(
    "value, quote",
    [(13, "14个部门"), (1200, "1.2万余人"), (7, "六单工作法"), (35, "3天~5天")],
)
def test_numbers_that_are_not_there_are_not_found(value, quote):
    assert not number_in_quote(value, quote)


def test_quotes_ignore_whitespace_only():
    assert quote_in_text("一诉即办\n抓规范", "一诉即办抓规范。制定")
    assert not quote_in_text("一诉即办，抓规范", "一诉即办抓规范。制定")
    assert not quote_in_text("   ", "任何文本")


def test_numbers_in_lists_every_reading():
    assert {3, 5, 30000} <= numbers_in("3~5天，三万人")
