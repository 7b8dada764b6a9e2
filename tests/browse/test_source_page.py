"""A page for every source article: its metadata, the practices drawn from it, its
text as published with each quoted passage highlighted and linked both ways; only
sources of published practices are public."""

import html
import re

import pytest

from browse.script import VERBATIM_END, VERBATIM_START
from browse.source_page import paragraph_spans
from practices.models import Metric, Practice, SourceDocument, Step

pytestmark = pytest.mark.django_db
HONGJIANG = "hongjiang-liudan-gongzuofa"
JIAOZUO_SOURCE = "seed-002-jiaozuo-jieqiancun-fangwanhu"


def get(client, url, script="hans"):
    client.cookies["script"] = script
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def verbatim_text(page):
    """The article's text on the page: its verbatim pieces, joined."""
    article = page.split('class="article-text"', 1)[1].split("</div>", 1)[0]
    pattern = re.escape(VERBATIM_START) + "(.*?)" + re.escape(VERBATIM_END)
    return html.unescape("".join(re.findall(pattern, article, re.S)))


def squeezed(text):
    return "".join(text.split())


def test_every_step_and_figure_links_to_its_passage_highlighted(client, seed_library):
    practice = Practice.objects.get(slug=HONGJIANG)
    detail = get(client, practice.get_absolute_url())
    items = [("step", s) for s in practice.steps.all()]
    items += [("figure", m) for m in practice.metrics.all()]
    assert len(items) > 20
    for kind, item in items:
        anchor = f"{kind}-{item.pk}"
        link = f"/sources/{item.passage_source.slug}/?passage={anchor}#passage-{anchor}"
        assert html.escape(link) in detail, anchor
        source_page = get(client, link.split("#")[0])
        current = re.findall(r'<mark class="current">(.*?)</mark>', source_page, re.S)
        shown = html.unescape("".join(current).replace(VERBATIM_START, ""))
        assert squeezed(shown.replace(VERBATIM_END, "")) == squeezed(item.source_quote)
        # ... and back: the passage's number links to the step or figure.
        back = f'id="passage-{anchor}" href="{practice.get_absolute_url()}#{anchor}"'
        assert back in source_page
        assert f'id="{anchor}"' in detail


def test_the_source_page_shows_its_metadata_and_practices(client, seed_library):
    page = get(client, "/sources/seed-004-hongjiang-liudan/")
    for printed in ["环环相扣 单单好评", "洪江区党建“六单工作法”构建基层治理新格局",
                    "雷鸿涛 戴钦 邹丹"]:  # fmt: skip
        assert html.escape(printed) in page or printed in page
    assert 'href="/practices/hongjiang-liudan-gongzuofa/"' in page
    dateline = get(client, "/sources/seed-003-tianqiao-tuopin-dajuan/")
    assert "鲁网5月14日讯" in dateline and "鲁网" in dateline


@pytest.mark.parametrize("script", ["hans", "hant"])
def test_the_article_is_shown_as_stored_in_either_script(client, seed_library, script):
    for source in SourceDocument.objects.all():
        shown = verbatim_text(get(client, f"/sources/{source.slug}/", script))
        assert squeezed(shown) == squeezed(source.text), source.slug
    page = get(client, f"/sources/{JIAOZUO_SOURCE}/", script)
    assert '<div class="article-text" lang="zh-Hant">' in page
    assert "群眾" in verbatim_text(page)


def test_the_page_counts_its_queries(
    client, seed_library, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        get(client, "/sources/seed-004-ningxiang-natural-resources/")


def test_only_sources_of_published_practices_are_public(
    client, make_practice, make_step
):
    draft = make_practice(status="draft")
    make_step(draft)
    source = draft.sources.get()
    assert client.get(f"/sources/{source.slug}/").status_code == 404
    assert client.get("/sources/no-such-source/").status_code == 404
    published = make_practice()
    published.sources.add(source)
    page = get(client, f"/sources/{source.slug}/")
    assert published.title in page and draft.title not in page
    assert "<mark" not in page  # the draft's step is not shown


def test_a_passage_inside_another_is_highlighted_once_with_both_numbers(
    client, make_practice, make_step, make_metric
):
    practice = make_practice()
    step = make_step(practice)  # quotes 14个部门入驻办公
    make_metric(practice, step, source_quote="14个部门")
    from practices.derived import refresh_derived_fields

    refresh_derived_fields(Practice.objects.filter(pk=practice.pk))
    page = get(client, f"/sources/{practice.sources.get().slug}/")
    assert page.count('class="passage-ref') == 2
    marks = re.findall(r"<mark>(.*?)</mark>", page, re.S)
    joined = squeezed(html.unescape("".join(marks)).replace(VERBATIM_START, ""))
    assert joined.replace(VERBATIM_END, "") == "14个部门入驻办公"
    assert Step.objects.get().passage_start == Metric.objects.get().passage_start


@pytest.mark.parametrize(
    "text, paragraphs",
    [
        # A scan's column breaks are joined; a headline and sentence ends are kept.
        ("激发动力\n湖南坚持群众主体地位，把提\n高能力作为根本之策。\n下一段开始了，写到这里",
         ["激发动力", "湖南坚持群众主体地位，把提高能力作为根本之策。",
          "下一段开始了，写到这里"]),
        ("第一段。\n\n第二段。", ["第一段。", "第二段。"]),
        ("", []),
        ("  \n\n ", []),
    ],
)  # fmt: skip
def test_paragraphs_join_a_scans_line_breaks(text, paragraphs):
    shown = ["".join(text[a:b] for a, b in spans) for spans in paragraph_spans(text)]
    assert shown == paragraphs
