"""An official compares two practices, in a real browser, at 1280 and 375 px."""

import pytest

from casefiles.loader import import_case_file

from ..conftest import SEED_CASE_FILES
from .conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def library(reference_data):
    for path in SEED_CASE_FILES:
        import_case_file(path.read_bytes())


def add(page, title):
    item = page.locator("#results li.practice-item", has_text=title).first
    item.locator("a.compare-toggle").click()
    page.wait_for_load_state()


def test_add_two_practices_from_the_list_and_compare_them(page, live_server, library):
    page.goto(f"{live_server.url}/practices/")
    add(page, "六单工作法")
    add(page, "城乡帮困体系")
    page.locator("#compare-bar a").click()
    page.wait_for_url("**/compare/?p=*")
    heads = page.locator(
        "table.compare thead th.practice-head > a.title"
    ).all_inner_texts()
    assert heads == ["六单工作法", "城乡帮困体系"]
    evaluate = page.locator("#row-evaluate").inner_text()
    assert "评单" in evaluate and "逐步健全长效机制" in evaluate
    handle = page.locator("#row-handle").inner_text()
    assert "至多 3 工作日" in handle and "至多 15 工作日" in handle
    screenshot(page, "compare-1280")

    page.set_viewport_size({"width": 375, "height": 667})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(page, "compare-375")


def test_the_flow_and_the_insights_pages(page, live_server, library):
    page.goto(f"{live_server.url}/practices/hongjiang-liudan-gongzuofa/")
    flow = page.locator("svg.flow")
    assert flow.is_visible() and flow.get_attribute("role") == "img"
    assert "点单" in flow.text_content()
    screenshot(page, "practice-flow")

    page.goto(f"{live_server.url}/insights/time-limits/")
    table = page.locator("#time-limits").inner_text()
    assert "至多 3 工作日" in table and "72" in table and "360" in table
    page.locator("#time-limits a", has_text="至多 15 工作日").click()
    page.wait_for_url("**/sources/seed-004-hongjiang-liudan/?passage=figure-*")
    current = "".join(page.locator("mark.current").all_inner_texts())
    assert "15个工作日" in current.replace("\n", "")

    page.goto(f"{live_server.url}/insights/roles/?kind=residents&role=evaluates")
    assert "评单" in page.locator("#role-matches").inner_text()

    page.goto(f"{live_server.url}/insights/")
    tile = page.locator("#province-grid a", has_text="湖南省")
    assert tile.inner_text().split()[-1] == "7"
    tile.click()
    page.wait_for_url("**/practices/?region=430000")
    assert "7" in page.locator(".result-count").inner_text()
    screenshot(page, "insights-hunan")
