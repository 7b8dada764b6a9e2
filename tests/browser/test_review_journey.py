"""An editor and a reviewer in a real browser: a bad quote is refused on its field; an
edit to a published practice waits for review while the public page stays; the
reviewer approves it; the history shows both changes and a restore brings the first
version back."""

import json

import pytest
from django.contrib.auth.models import Group, User

from casefiles.loader import import_case_file
from practices.choices import Status
from practices.models import Practice

from ..casefiles.test_casefile import good_file
from .conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "pw-for-browser-tests"


def staff(name, group):
    user = User.objects.create_user(name, password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


def log_in(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")


def step_names(page, live_server, practice):
    page.goto(f"{live_server.url}{practice.get_absolute_url()}")
    return page.locator("#steps .step-name").all_inner_texts()


def test_edit_review_approve_and_restore(page, live_server, reference_data):
    import_case_file(json.dumps(good_file()).encode(), status=Status.PUBLISHED)
    practice = Practice.objects.get(slug="liudan-1")
    staff("editor", "editors")
    staff("reviewer", "reviewers")
    change_url = f"{live_server.url}/admin/practices/practice/{practice.pk}/change/"
    before = step_names(page, live_server, practice)
    assert before[0] == "报单"

    log_in(page, live_server, "editor")
    page.goto(change_url)
    page.fill("#id_steps-0-source_quote", "社区一天内完成分派")  # paraphrased
    page.click("input[name=_save]")
    error = page.locator(".field-source_quote .errorlist").first
    error.wait_for()
    assert "找不到这段引文" in error.inner_text()
    screenshot(page, "admin-bad-quote")

    page.goto(change_url)
    page.fill("#id_steps-0-name", "报单（修订）")
    page.click("input[name=_save]")
    page.wait_for_url("**/history/")
    assert "等待审核人审核" in page.locator(".messagelist").inner_text()
    assert step_names(page, live_server, practice) == before

    log_in(page, live_server, "reviewer")
    page.goto(f"{live_server.url}/admin/practices/practice/{practice.pk}/history/")
    pending = page.locator(".revision.pending")
    assert "name 报单 → 报单（修订）" in pending.inner_text()
    screenshot(page, "admin-history-pending")
    pending.locator("button[value=approve]").click()
    page.wait_for_url("**/history/")
    assert step_names(page, live_server, practice)[0] == "报单（修订）"

    page.goto(f"{live_server.url}/admin/practices/practice/{practice.pk}/history/")
    rows = page.locator("#revision-list tbody tr")
    texts = rows.all_inner_texts()
    assert any("已批准" in text and "报单（修订）" in text for text in texts)
    assert any("已导入" in text for text in texts)
    screenshot(page, "admin-history")
    rows.last.locator("button[value=restore]").click()
    page.wait_for_url("**/history/")
    assert step_names(page, live_server, practice) == before
