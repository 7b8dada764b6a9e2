"""Any screen, and paper: at 375 px the first result is on the first screen and the
figures read as cards; printed, a practice shows every quote and no navigation."""

import pytest

from casefiles.loader import import_case_file

from ..conftest import SEED_CASE_FILES
from .conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def library(reference_data):
    for path in SEED_CASE_FILES:
        import_case_file(path.read_bytes())


@pytest.fixture
def phone(chromium):
    context = chromium.new_context(
        locale="zh-CN", viewport={"width": 375, "height": 667}
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def test_on_a_phone_the_first_result_is_on_the_first_screen(
    phone, live_server, library
):
    phone.goto(f"{live_server.url}/practices/")
    first = phone.locator("#results h3 a").first.bounding_box()
    assert first["y"] + first["height"] < 667
    assert not phone.locator("#filter-form").is_visible()  # behind the disclosure
    phone.locator(".filter-panel > summary").click()
    assert phone.locator("#filter-form").is_visible()
    # No link of the header breaks inside a word.
    for link in phone.locator(".site-header nav a").all():
        assert link.bounding_box()["height"] < 40
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(phone, "browse-375")


def test_on_a_phone_figures_read_as_cards(phone, live_server, library):
    phone.goto(f"{live_server.url}/practices/hongjiang-liudan-gongzuofa/")
    cell = phone.locator("table.metrics td.passage").first
    assert cell.bounding_box()["width"] > 250  # a card's full width, not a column
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(phone, "practice-375")


def test_on_a_wide_screen_the_filters_are_open(page, live_server, library):
    page.goto(f"{live_server.url}/practices/")
    assert page.locator("#filter-form").is_visible()
    assert not page.locator(".filter-panel > summary").is_visible()


def test_printed_a_practice_shows_every_quote_and_no_navigation(
    page, live_server, library
):
    page.goto(f"{live_server.url}/practices/hongjiang-liudan-gongzuofa/")
    page.emulate_media(media="print")
    quotes = page.locator("blockquote")
    assert quotes.count() > 40
    assert all(quotes.nth(i).is_visible() for i in range(quotes.count()))
    assert not page.locator(".site-header").is_visible()
    assert page.pdf(format="A4")[:4] == b"%PDF"
