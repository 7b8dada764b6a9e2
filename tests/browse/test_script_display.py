"""Either script for reading, quotes never altered: 繁體 uses the standard character
forms, 简体 shows Traditional content in Simplified, and every source passage stays
byte for byte as stored."""

import html
import re

import pytest

from browse.script import VERBATIM_END, VERBATIM_START, to_script
from practices.models import Practice

pytestmark = pytest.mark.django_db
JIAOZUO = "jiaozuo-shifanqu-jieqiancun-fangwanhu"
YINTANG = "yintang-school-party-building-plus"


def page(client, slug, script):
    client.cookies["script"] = script
    response = client.get(f"/practices/{slug}/")
    assert response.status_code == 200
    return response.content.decode()


def shown_quotes(text):
    """The quote blocks of a page, as the reader gets them."""
    pattern = (
        "<blockquote[^>]*>" + re.escape(VERBATIM_START) + "(.*?)"
        + re.escape(VERBATIM_END) + "</blockquote>"
    )  # fmt: skip
    return [html.unescape(quote) for quote in re.findall(pattern, text, re.S)]


def stored_quotes(slug):
    practice = Practice.objects.get(slug=slug)
    quotes = [s.source_quote for s in practice.steps.all()]
    return sorted(quotes + [m.source_quote for m in practice.metrics.all()])


@pytest.mark.parametrize("slug", [JIAOZUO, YINTANG])
@pytest.mark.parametrize("script", ["hans", "hant"])
def test_every_quote_is_shown_exactly_as_stored(client, seed_library, slug, script):
    shown = shown_quotes(page(client, slug, script))
    assert sorted(set(shown)) == sorted(set(stored_quotes(slug)))


def test_traditional_uses_the_standard_character_forms(client, seed_library):
    text = page(client, YINTANG, "hant")
    assert "雙峰縣" in text and "雙峯縣" not in text
    for variant in "羣爲覈峯":
        assert variant not in text.replace(VERBATIM_START, "").split("<main", 1)[1]


def test_the_jiaozuo_practice_reads_in_simplified_in_simplified_mode(
    client, seed_library
):
    text = page(client, JIAOZUO, "hans")
    assert "结千村" in text.split("<h1", 1)[1].split("</h1>", 1)[0]
    assert any(
        "群眾" in quote for quote in shown_quotes(text)
    )  # its source's own words
    assert 'lang="zh-Hant"' in text  # and marked as Traditional


def test_the_conversion_skips_verbatim_passages():
    marked = f"群众{VERBATIM_START}群众{VERBATIM_END}为"
    assert to_script(marked, "hant") == f"群眾{VERBATIM_START}群众{VERBATIM_END}為"
    plain = "只有简体字的页面"
    assert to_script(plain, "hans") is plain  # nothing to convert, nothing done


def test_every_step_and_figure_has_a_stable_anchor(client, seed_library):
    practice = Practice.objects.get(slug="hongjiang-liudan-gongzuofa")
    text = page(client, practice.slug, "hans")
    for step in practice.steps.all():
        assert f'id="step-{step.pk}"' in text and f'href="#step-{step.pk}"' in text
    for metric in practice.metrics.all():
        assert f'id="figure-{metric.pk}"' in text


@pytest.mark.parametrize("script", ["hans", "hant"])
def test_converting_run_by_run_gives_what_converting_whole_pages_gives(
    client, seed_library, script
):
    """The page conversion converts each run of Han characters on its own (and
    remembers it): the result must be OpenCC's on the whole text, for every page of
    the seed library, the seed sources and the dictionaries' odd entries."""
    from practices.folding import convert, converter

    config = "s2tw" if script == "hant" else "t2s"
    texts = ["乔治．布希说余〇年，SQL注入攻擊 U盤與PN結。", "a乾隆b皇后c〇d"]
    client.cookies["script"] = "hans"  # the page before any conversion of Simplified
    for practice in Practice.objects.published():
        texts.append(client.get(f"/practices/{practice.slug}/").content.decode())
        for source in practice.sources.all():
            texts.append(source.text)
    texts.append(client.get("/practices/").content.decode())
    for text in texts:
        assert convert(text, config) == converter(config).convert(text)
