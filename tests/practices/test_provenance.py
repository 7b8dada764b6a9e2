"""Faithful content: every seed quote is in its source, every number in its quote."""

import re
from decimal import Decimal

import pytest

from casefiles.loader import walk, walk_steps
from practices.provenance import (
    number_in_quote,
    numbers_in,
    parse_chinese_number,
    quote_in_text,
    squeeze,
)

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


# --- Periods, rankings and shares of the seed figures; the practices the pages name.

PERIOD_WORDS = re.compile(r"以来|截至|至今|年来|目前")
YEAR = re.compile(r"((?:19|20)\d\d)年")
# 全市第一, 全省前十: a place in a ranking, not followed by a counted noun.
RANKING_WORDS = re.compile(
    r"全(?:国|省|市|县|区|區|縣)(?:第|前)([一二两三四五六七八九十百\d]+)"
    r"(?![名个個位人户戶家支次项項件所处處条條])"
)
# 五成, 3成: tenths, a share. Only after a numeral (完成, 建成 are not shares).
TENTHS_WORDS = re.compile(r"(\d+(?:\.\d+)?|[一二两三四五六七八九十]+)成")


def seed_metrics():
    for label, quote, _, metric in seed_quotes():
        if metric is not None:
            yield label, squeeze(quote), metric


def read_number(written):
    if written[0].isdigit():
        return Decimal(written)
    return Decimal(parse_chinese_number(written))


def ranking_places(quote):
    return {read_number(n) for n in RANKING_WORDS.findall(squeeze(quote))}


def misfiled_ranking(metric, quote):
    """A figure whose value is the place its quote ranks, stored as anything but a
    ranking without unit (全市第一 stored as "1 名": one person)."""
    if Decimal(str(metric["value"])) not in ranking_places(quote):
        return False
    return metric.get("nature") != "ranking" or bool(metric.get("unit"))


def tenths_shares(quote):
    return {read_number(n) * 10 for n in TENTHS_WORDS.findall(squeeze(quote))}


def misfiled_tenths(metric, quote):
    """A share written as N成 must be stored as N×10 %, never as "N 成"."""
    shares = tenths_shares(quote)
    if not shares:
        return False
    value = Decimal(str(metric["value"]))
    about_tenths = (
        metric.get("unit") in ("成", "%")
        or metric.get("nature") == "share"
        or value in shares
        or value * 10 in shares
    )
    if not about_tenths:
        return False
    return not (
        metric.get("unit") == "%"
        and value in shares
        and metric.get("nature") == "share"
    )


def test_every_seed_period_is_copied_from_its_quote():
    dated = [
        (label, quote, m) for label, quote, m in seed_metrics() if m.get("period_text")
    ]
    assert len(dated) >= 30  # 2013年以来, 截至4月, 一年多来, 截至目前, 今年以来…
    wrong = [
        label
        for label, quote, m in dated
        if squeeze(m["period_text"]) not in quote or not m.get("period")
    ]
    assert wrong == []


def test_a_seed_figure_whose_quote_states_its_period_says_which():
    unstated = [
        label
        for label, quote, m in seed_metrics()
        if PERIOD_WORDS.search(quote) and not m.get("period_text")
    ]
    assert unstated == []
    # 2013年以来 starts in 2013: the year in the words is the period's start.
    undated = [
        label
        for label, _, m in seed_metrics()
        if YEAR.search(m.get("period_text", ""))
        and m.get("period_start", "")[:4] != YEAR.search(m["period_text"]).group(1)
    ]
    assert undated == []


def test_the_hunan_totals_since_2013_are_cumulative():
    since = [
        m
        for label, quote, m in seed_metrics()
        if label.startswith("hunan-") and "2013年以来" in quote
    ]
    assert {m["value"] for m in since} == {21000, 56000, 600000, 1700000, 1800}
    assert {(m["period"], m["period_start"]) for m in since} == {("cumulative", "2013")}


def test_no_seed_ranking_is_stored_as_a_number_of_persons():
    metrics = list(seed_metrics())
    assert [
        label
        for label, _, m in metrics
        if m.get("unit") == "名" and m.get("nature") == "ranking"
    ] == []
    assert [
        label
        for label, _, m in metrics
        if m.get("nature") == "ranking" and m.get("unit")
    ] == []
    assert [
        label
        for label, quote, m in metrics
        if ("全市第一" in quote or "全省前十" in quote) and m.get("unit") == "名"
    ] == []
    assert [label for label, quote, m in metrics if misfiled_ranking(m, quote)] == []


def test_the_ranking_check_catches_a_ranking_stored_as_persons():
    # As seed-004's 六单工作法 once stored them.
    assert misfiled_ranking({"value": 1, "unit": "名"}, "省综治民调保持全市第一")
    assert misfiled_ranking(
        {"value": 10, "qualifier": "at_most", "unit": "名"}, "全省前十"
    )
    assert not misfiled_ranking({"value": 1, "nature": "ranking"}, "保持全市第一")
    assert not misfiled_ranking(
        {"value": 10, "qualifier": "at_most", "nature": "ranking"}, "全省前十"
    )
    # A count beside ranking words is no ranking; 第一书记 is no place.
    assert not misfiled_ranking(
        {"value": 3, "unit": "年"}, "连续三年保持全市第一、全省前十"
    )
    assert ranking_places("派强用好第一书记") == set()
    assert ranking_places("全省前十名干部") == set()


def test_a_seed_share_written_in_tenths_is_stored_in_per_cent():
    tenths = [(lb, q, m) for lb, q, m in seed_metrics() if tenths_shares(q)]
    assert any(m["value"] == 50 for _, _, m in tenths)  # 近五成 (Ningxiang)
    assert [label for label, quote, m in tenths if misfiled_tenths(m, quote)] == []


def test_the_tenths_check_catches_a_share_stored_as_tenths():
    quote = "近五成不动产审批业务全程“不见面审批”"
    assert misfiled_tenths({"value": 5, "qualifier": "approx", "unit": "成"}, quote)
    assert misfiled_tenths({"value": 5, "unit": "%", "nature": "share"}, quote)
    assert not misfiled_tenths(
        {"value": 50, "qualifier": "approx", "unit": "%", "nature": "share"}, quote
    )
    assert tenths_shares("3天~5天完成处置，已建成9165个") == set()


def test_the_heshan_model_is_a_practice_of_its_own():
    found = [
        (document, practice)
        for document in seed_documents()
        for practice in document["practices"]
        if practice["slug"] == "heshan-moshi"
    ]
    assert len(found) == 1
    document, practice = found[0]
    assert practice["title"] == "鹤山模式"
    assert (practice["implementing_level"], practice["status"]) == (
        "village",
        "published",
    )
    texts = [s["text"] for s in document["sources"] if s["key"] in practice["sources"]]
    quotes = [s["source_quote"] for s in walk_steps(practice.get("steps", []))]
    quotes += [m["source_quote"] for m in walk(practice, "metrics")]
    assert any(
        "土地合作经营" in quote and any(quote_in_text(quote, text) for text in texts)
        for quote in quotes
    )
