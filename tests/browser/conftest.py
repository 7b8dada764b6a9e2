"""Real Chromium (Debian's) driven by Playwright against pytest-django's live server."""

import os
import shutil
from pathlib import Path

import pytest
from django.apps import apps

from practices.staff_groups import ensure_staff_groups

from ..conftest import ROOT, load_reference_data

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = ROOT / "test-artifacts"

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests
# make between page actions are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def chromium():
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        if os.environ.get("CI"):
            pytest.fail(f"Chromium is missing at {CHROMIUM}: .ci/run installs it")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server):
    context = chromium.new_context(
        locale="zh-CN", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture
def reference_data(transactional_db):
    """Live-server tests flush the database, so they load what they need themselves."""
    load_reference_data()
    ensure_staff_groups(apps)


def screenshot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def log_in_as_superuser(page, live_server, username):
    """A new superuser `username`, logged in through the admin's login page."""
    from django.contrib.auth.models import User

    User.objects.create_superuser(username, "", "pw-for-browser-tests")
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-for-browser-tests")
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
