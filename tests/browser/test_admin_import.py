"""The admin import flow in a real browser: upload, preview, confirm, see it listed."""

import json

import pytest
from django.contrib.auth.models import User

from practices.choices import Status
from practices.models import Practice

from ..casefiles.test_casefile import good_file
from .conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in_as_reviewer(page, live_server):
    User.objects.create_superuser("chief", "", "pw-for-browser-tests")
    page.goto(f"{live_server.url}/admin/login/?next=/admin/practices/practice/")
    page.fill("#id_username", "chief")
    page.fill("#id_password", "pw-for-browser-tests")
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/practices/practice/")


def test_upload_preview_confirm_and_list(page, live_server, reference_data, tmp_path):
    case_file = tmp_path / "hongjiang.json"
    case_file.write_text(json.dumps(good_file(2), ensure_ascii=False), encoding="utf-8")
    log_in_as_reviewer(page, live_server)

    page.click("a[href$='/admin/practices/practice/import/']")
    page.set_input_files("#id_case_file", str(case_file))
    page.click("input[type=submit][value]:not([name=confirm])")
    preview = page.locator("#import-preview")
    preview.wait_for()
    screenshot(page, "admin-import-preview")
    rows = preview.locator("tbody tr")
    assert rows.count() == 2
    first = rows.nth(0).inner_text()
    assert "liudan-1" in first and "湖南省/怀化市/怀化市洪江管理区" in first
    assert Practice.objects.count() == 0  # the preview wrote nothing

    page.click("input[name=confirm]")
    page.wait_for_url("**/admin/practices/practice/")
    listing = page.locator("#result_list").inner_text()
    screenshot(page, "admin-import-done")
    assert listing.count("六单工作法") == 2
    assert set(Practice.objects.values_list("status", flat=True)) == {Status.DRAFT}


def test_a_bad_file_lists_every_error_and_offers_no_confirm(
    page, live_server, reference_data, tmp_path
):
    document = good_file(2)
    document["practices"][1]["region"] = "火星"
    document["practices"][0]["steps"][0]["metrics"][0]["value"] = 9
    case_file = tmp_path / "bad.json"
    case_file.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    log_in_as_reviewer(page, live_server)
    page.goto(f"{live_server.url}/admin/practices/practice/import/")
    page.set_input_files("#id_case_file", str(case_file))
    page.click("input[type=submit]")
    errors = page.locator("#content-main .errorlist li")  # each beside its item
    errors.first.wait_for()
    screenshot(page, "admin-import-errors")
    texts = errors.all_inner_texts()
    # The browser asks for Chinese, and the messages are in Chinese.
    assert texts == [
        "practices[0].steps[0].metrics[0].value: 引文中没有 9 这个数字。",
        "practices[1].region: 没有名为 火星 的地区",
    ]
    assert page.locator("input[name=confirm]").count() == 0
