"""Faithful reading, in a real browser: from a figure to its passage on the source
page and back; quotes byte-identical in either script; English names in English."""

import pytest

from casefiles.loader import import_case_file
from practices.models import Metric, Practice

from ..conftest import SEED_CASE_FILES
from .conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def library(reference_data):
    for path in SEED_CASE_FILES:
        import_case_file(path.read_bytes())


def test_a_figure_leads_to_its_passage_in_the_source_and_back(
    page, live_server, library
):
    practice = Practice.objects.get(slug="hongjiang-liudan-gongzuofa")
    figure = Metric.objects.get(practice=practice, name="一般性事项办理时限")
    page.goto(f"{live_server.url}{practice.get_absolute_url()}")
    row = page.locator(f"#figure-{figure.pk}")
    row.get_by_role("link", name="在原文中查看").click()
    page.wait_for_url(
        f"**/sources/seed-004-hongjiang-liudan/?passage=figure-{figure.pk}*"
    )
    current = page.locator("mark.current")
    assert "".join(current.all_inner_texts()).replace("\n", "") == figure.source_quote
    assert current.first.is_visible()
    assert page.locator("h1").inner_text() == "环环相扣 单单好评"
    screenshot(page, "source-passage")

    page.locator(f"#passage-figure-{figure.pk}").click()
    page.wait_for_url(f"**{practice.get_absolute_url()}#figure-{figure.pk}")
    assert page.locator(f"#figure-{figure.pk}").is_visible()


def test_in_traditional_every_quote_is_as_stored_and_the_title_changes(
    page, live_server, library
):
    practice = Practice.objects.get(slug="hongjiang-liudan-gongzuofa")
    stored = sorted(
        [s.source_quote for s in practice.steps.all()]
        + [m.source_quote for m in practice.metrics.all()]
    )
    page.goto(f"{live_server.url}{practice.get_absolute_url()}")
    page.click("#to-traditional")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "六單工作法"
    assert "懷化市" in page.locator("#summary-title + p").first.inner_text()
    shown = page.eval_on_selector_all(
        "blockquote", "quotes => quotes.map(q => q.textContent)"
    )
    assert sorted(shown) == stored
    screenshot(page, "practice-traditional")


def test_the_jiaozuo_practice_reads_in_simplified(page, live_server, library):
    page.goto(f"{live_server.url}/practices/jiaozuo-shifanqu-jieqiancun-fangwanhu/")
    assert page.locator("h1").inner_text().startswith("“结千村、访万户")
    assert page.locator("blockquote").first.get_attribute("lang") == "zh-Hant"


def test_in_english_themes_and_actors_are_english(page, live_server, library):
    page.goto(f"{live_server.url}/practices/hongjiang-liudan-gongzuofa/")
    page.get_by_role("link", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    themes = page.locator("ul.themes").inner_text()
    assert "Grassroots social governance" in themes
    actors = page.locator("table.actors").inner_text()
    assert "the public" in actors and "群众" in actors
    assert "at most 3 working days" in page.locator("#metrics").inner_text()
    screenshot(page, "practice-english")


def test_a_citation_copies_with_one_click(chromium, live_server, library):
    context = chromium.new_context(locale="zh-CN")
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(f"{live_server.url}/practices/hongjiang-liudan-gongzuofa/cite/")
    bibtex = page.locator("#format-bibtex + pre.citation")
    page.locator("#format-bibtex ~ button.copy").click()
    assert page.evaluate("navigator.clipboard.readText()") == bibtex.text_content()
    assert page.locator("#format-bibtex ~ button.copy").inner_text() == "已复制"
    context.close()
