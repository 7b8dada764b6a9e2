"""An editor pastes a seed article, gets a draft with its steps and figures, removes
one figure in the preview and imports the rest as a draft: six interactions."""

from practices.models import Practice

from ..conftest import SEED_CASE_FILES
from .conftest import log_in_as_superuser, screenshot

HETANG_PAGE = next(
    (SEED_CASE_FILES[0].parent.parent / "seed-pages").glob("001_*.txt")
).read_text(encoding="utf-8")


def test_paste_an_article_prune_the_draft_and_import_it(
    page, live_server, reference_data
):
    log_in_as_superuser(page, live_server, "drafter")
    page.goto(f"{live_server.url}/admin/practices/practice/")
    page.click("a[href$='/practice/draft/']")

    page.fill("#id_text", HETANG_PAGE)  # 1: paste
    page.fill("#id_title", "城乡帮困体系（草稿）")  # 2: title
    page.fill("#id_region", "湖南省/株洲市/荷塘区")  # 3: region
    page.click("#draft-form input[type=submit]")  # 4: propose
    page.wait_for_selector("#import-preview")
    figures = page.locator(".import-figures > li")
    steps = page.locator(".import-steps > li")
    proposed_figures, proposed_steps = figures.count(), steps.count()
    assert proposed_figures >= 20 and proposed_steps >= 4
    first_figure = figures.first
    first_figure.locator("input[name=drop]").check()  # 5: remove one
    screenshot(page, "draft-preview")
    page.click("#confirm-form input[name=confirm]")  # 6: import
    page.wait_for_selector(".messagelist .success")

    practice = Practice.objects.get(title="城乡帮困体系（草稿）")
    assert practice.status == "draft"
    assert practice.region.code == "430202"
    assert practice.metrics.count() == proposed_figures - 1
    assert practice.steps.count() >= proposed_steps
