"""An official's journeys through the public site, in a real browser."""

import pytest

from casefiles.loader import import_case_file

from ..conftest import SEED_CASE_FILES
from .conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def library(reference_data):
    for path in SEED_CASE_FILES:
        import_case_file(path.read_bytes())


def result_titles(page):
    return page.locator("#results h3 a").all_inner_texts()


def facet_count(page, facet_id, label):
    item = page.locator(f"#{facet_id} li", has_text=label).first
    return int(item.locator(".count").inner_text())


def test_choose_hunan_then_narrow_by_theme(page, live_server, library):
    page.goto(f"{live_server.url}/practices/")
    assert facet_count(page, "facet-region", "湖南省") == 7
    page.click("#facet-region a:text-is('湖南省')")
    page.wait_for_url("**/practices/?region=*")
    found = result_titles(page)
    assert "城乡帮困体系" in found and "六单工作法" in found and len(found) == 7
    assert "7" in page.locator(".result-count").inner_text()
    assert facet_count(page, "facet-region", "株洲市") == 2
    screenshot(page, "browse-hunan")

    page.check("#facet-theme input[value='public-appeals']")
    page.click("#filter-form button[type=submit]")
    page.wait_for_url("**theme=public-appeals**")
    narrowed = result_titles(page)
    assert "六单工作法" in narrowed and "城乡帮困体系" not in narrowed
    assert len(narrowed) < len(found)


def test_open_six_ticket_method_and_read_its_steps(page, live_server, library):
    page.goto(f"{live_server.url}/practices/")
    page.click("#results a:text-is('六单工作法')")
    page.wait_for_url("**/practices/hongjiang-liudan-gongzuofa/")
    top_steps = page.locator("#steps > li > .step-name").all_inner_texts()
    assert top_steps == ["点单", "报单", "跟单", "接单", "督单", "评单"]
    first_actors = page.locator("#steps > li:first-child > .step-actors").inner_text()
    assert "群众" in first_actors
    screenshot(page, "practice-liudan")


@pytest.mark.parametrize(
    "query, expected",
    [("六單", "六单工作法"), ("结千村", "“结千村、访万户、解民忧、帮民富”活动")],
)
def test_search_across_scripts(page, live_server, library, query, expected):
    page.goto(f"{live_server.url}/")
    page.fill("#home-q", query)
    page.press("#home-q", "Enter")
    page.wait_for_url("**/practices/?q=*")
    assert result_titles(page)[0] == expected


def test_switch_to_english_and_to_traditional(page, live_server, library):
    page.goto(f"{live_server.url}/practices/hongjiang-liudan-gongzuofa/")
    page.click(".language-switch a[lang=en]")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("#steps-title").inner_text() == "Steps"
    page.click("#to-traditional")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().startswith("六單工作法")
    screenshot(page, "practice-liudan-traditional-english")
