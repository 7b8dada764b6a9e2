"""An editor enters the Hongjiang article's first two steps, a sub-step of each and
their figures beside the source: every quote picked by selecting its passage, no
position typed, one save."""

from casefiles.loader import import_case_file
from practices.models import Practice, Region, SourceDocument, Theme

from ..conftest import SEED_CASE_FILES
from .conftest import log_in_as_superuser, screenshot

SELECT_IN_SOURCE = """(text) => {
  const pane = document.querySelector('.source-text');
  const walker = document.createTreeWalker(pane, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.data.indexOf(text);
    if (at < 0) continue;
    const range = document.createRange();
    range.setStart(node, at);
    range.setEnd(node, at + text.length);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    pane.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
    return true;
  }
  return false;
}"""


def pick_quote(page, item, passage):
    """Focus the row's quote field, then select `passage` in the source."""
    item.locator("textarea[data-quote]").click()
    assert page.evaluate(SELECT_IN_SOURCE, passage), passage
    assert item.locator(".quote-check.ok").is_visible()


def row(page, index):
    return page.locator("#outline-rows > .outline-row").nth(index)


def test_steps_and_figures_entered_by_selecting_passages(
    page, live_server, reference_data
):
    import_case_file(SEED_CASE_FILES[-1].read_bytes())
    source = SourceDocument.objects.get(slug__contains="hongjiang")
    practice = Practice.objects.create(
        slug="liudan-entry",
        title="六单工作法（录入练习）",
        region=Region.objects.get(code="431271"),
        implementing_level="county",
        summary="群众点单、社区报单。",
    )
    practice.sources.add(source)
    practice.themes.add(Theme.objects.get(slug="public-appeals"))
    log_in_as_superuser(page, live_server, "entry")
    page.goto(f"{live_server.url}/admin/practices/practice/{practice.pk}/content/")

    assert page.locator("#outline-rows > .outline-row").count() == 0  # no steps yet
    page.click("button[data-add=step]")
    first = row(page, 0)
    first.locator("input[name$='-name']").fill("点单")
    pick_quote(page, first, "群众线上线“点单”, 诉求收集更准了")
    first.locator("button[data-do=add-child]").click()
    offline = row(page, 1)
    offline.locator("input[name$='-name']").fill("线下收集")
    pick_quote(page, offline, "线下主要是由1—2名辖区党员联系对应1个村(居)民小组")
    offline.locator("button[data-do=add-metric]").click()
    members = row(page, 2)
    members.locator("input[name$='-name']").fill("联系对应1个村（居）民小组的辖区党员")
    members.locator("input[name$='-value']").fill("1")
    members.locator("input[name$='-value_max']").fill("2")
    members.locator("input[name$='-unit']").fill("名")
    pick_quote(page, members, "由1—2名辖区党员联系对应1个村(居)民小组")

    first.locator("button[data-do=add-after]").click()
    second = row(page, 3)
    second.locator("input[name$='-name']").fill("报单")
    pick_quote(page, second, "村(社区)分档分类“报单”, 服务台账更清了")
    second.locator("button[data-do=add-child]").click()
    report = row(page, 4)
    report.locator("input[name$='-name']").fill("办理或上报")
    pick_quote(page, report, "村(社区)不能解决的,必须当天上报至乡(街道)")
    report.locator("button[data-do=add-metric]").click()
    limit = row(page, 5)
    limit.locator("input[name$='-name']").fill("上报时限")
    limit.locator("select[name$='-kind']").select_option("time_limit")
    limit.locator("select[name$='-qualifier']").select_option("at_most")
    limit.locator("input[name$='-value']").fill("1")
    limit.locator("input[name$='-unit']").fill("天")
    pick_quote(page, limit, "村(社区)不能解决的,必须当天上报至乡(街道)")
    # A quote typed wrong is flagged at once, before any save.
    probe = limit.locator("textarea[data-quote]")
    probe.fill("村里当天上报")
    assert limit.locator(".quote-check.bad").is_visible()
    pick_quote(page, limit, "村(社区)不能解决的,必须当天上报至乡(街道)")
    screenshot(page, "content-editor-entry")

    page.click("#outline-form input[type=submit]")
    page.wait_for_selector(".messagelist .success")
    tops = practice.steps.filter(parent=None).order_by("position")
    assert [s.name for s in tops] == ["点单", "报单"]
    assert [s.position for s in tops] == [1, 2]
    offline_step = practice.steps.get(name="线下收集")
    assert offline_step.parent.name == "点单"
    figure = practice.metrics.get(name="联系对应1个村（居）民小组的辖区党员")
    assert figure.step == offline_step and (figure.value, figure.value_max) == (1, 2)
    limit_figure = practice.metrics.get(name="上报时限")
    assert limit_figure.step.name == "办理或上报" and limit_figure.kind == "time_limit"
    assert limit_figure.nature == "duration"
