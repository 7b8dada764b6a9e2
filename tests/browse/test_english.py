"""English that reads as English: names of themes, regions and actors in English
with the Chinese beside (each marked with its language), units and qualifiers in
words, and lang attributes right for the interface and the content."""

import re

import pytest

from browse.script import to_script
from casefiles.loader import walk
from practices.folding import fold_unit
from practices.models import Actor, Theme
from practices.units import ENGLISH_UNITS, unit_in_english

from ..conftest import seed_documents

pytestmark = pytest.mark.django_db
HONGJIANG = "/practices/hongjiang-liudan-gongzuofa/"


def get(client, url, language="en", script="hans"):
    client.cookies["django_language"] = language
    client.cookies["script"] = script
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_themes_regions_and_actors_read_in_english_with_the_chinese_beside(
    client, seed_library
):
    page = get(client, HONGJIANG)
    assert page.startswith("<!doctype html>") and '<html lang="en">' in page
    for theme in Theme.objects.filter(practices__slug="hongjiang-liudan-gongzuofa"):
        shown = f'{theme.name_en} <span class="zh" lang="zh-Hans">{theme.name}</span>'
        assert shown in page
    assert 'Huaihua <span class="zh" lang="zh-Hans">怀化市</span>' in page
    actors = Actor.objects.filter(
        involvements__practice__slug="hongjiang-liudan-gongzuofa"
    )
    assert actors.exists()
    for actor in actors.distinct():
        simplified = to_script(actor.name, "hans")  # 區直部門 reads 区直部门 in 简体
        assert f'<span class="zh" lang="zh-Hans">{simplified}</span>' in page
        assert actor.name_en in page.replace("&#x27;", "'")


def test_figures_read_in_english(client, seed_library):
    page = get(client, HONGJIANG)
    assert "at most 3 working days" in page
    assert "at most 15 working days" in page
    values = re.findall(r'<td class="value"[^>]*>(.*?)</td>', page, re.S)
    assert values and not any("工作日" in value for value in values)
    chinese = get(client, HONGJIANG, language="zh-hans")
    assert "至多 3 工作日" in chinese


def test_an_unknown_unit_is_shown_as_stored_and_marked_chinese(
    client, make_practice, make_metric
):
    practice = make_practice()
    make_metric(practice, unit="部门", value=14)
    page = get(client, practice.get_absolute_url())
    assert '14 <span lang="zh-Hans">部门</span>' in page


def test_traditional_content_in_an_english_page_is_marked_zh_hant(client, seed_library):
    page = get(client, HONGJIANG, script="hant")
    assert '<html lang="en">' in page
    assert 'lang="zh-Hant">懷化市</span>' in page
    assert '<h1 lang="zh-Hant">' in page
    chinese = get(client, HONGJIANG, language="zh-hans", script="hant")
    assert '<html lang="zh-Hant">' in chinese


def test_the_browse_facets_and_list_use_english_names(client, seed_library):
    page = get(client, "/practices/")
    assert '<span class="zh" lang="zh-Hans">山东省</span>' in page
    theme = Theme.objects.get(slug="grid-management")
    assert (
        f'{theme.name_en} <span class="zh" lang="zh-Hans">{theme.name}</span>' in page
    )
    assert f'aria-label="+ {theme.name_en} ({theme.name})"' in page


def units_of(practice):
    return {metric.get("unit", "") for metric in walk(practice, "metrics")}


def test_every_seed_unit_is_known_in_english():
    units = {u for d in seed_documents() for p in d["practices"] for u in units_of(p)}
    assert {fold_unit(u) for u in units} <= set(ENGLISH_UNITS) | {""}


def test_units_in_english():
    assert unit_in_english("工作日") == "working days"
    assert unit_in_english("天", plural=False) == "day"
    assert unit_in_english("个") == ""  # a measure word: the bare number
    assert unit_in_english("部门") is None  # not known: never guessed


def test_exports_keep_both(client, seed_library):
    response = client.get("/practices/metrics.csv")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    header, *rows = [line.split(",") for line in body.splitlines()]
    unit, unit_en = header.index("unit"), header.index("unit_en")
    assert any(row[unit] == "工作日" and row[unit_en] == "working days" for row in rows)
    codebook = get(client, "/codebook/")
    assert "grid-management (网格化管理 / Grid management)" in codebook
