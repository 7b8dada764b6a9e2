"""Serving on the open internet: cacheable public pages without cookies, HEAD and
TRACE, security headers and settings, error pages, logs and a health check."""

import logging
import re
import secrets

import pytest
from django.db import DatabaseError
from django.test import Client

from .test_setup import run_python

pytestmark = pytest.mark.django_db
PRODUCTION = {
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "cases.example.org",
    "DJANGO_HTTPS": "1",
    "DJANGO_BEHIND_PROXY": "1",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://cases.example.org",
}


@pytest.fixture
def visitor(seed_library):
    return Client(raise_request_exception=False)


@pytest.mark.parametrize(
    "url", ["/", "/practices/", "/practices/?q=网格", "/regions/", "/codebook/"]
)
def test_public_pages_set_no_cookie_and_may_be_cached(visitor, url):
    response = visitor.get(url)
    assert response.status_code == 200
    assert not response.cookies
    assert (
        "public" in response["Cache-Control"]
        and "max-age=" in (response["Cache-Control"])
    )
    assert {"Cookie", "Accept-Language"} <= {
        part.strip() for part in response["Vary"].split(",")
    }
    again = visitor.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_staff_pages_are_not_shared(visitor, reviewer):
    visitor.force_login(reviewer)
    response = visitor.get("/practices/")
    assert "public" not in response.get("Cache-Control", "")
    assert "public" not in visitor.get("/admin/").get("Cache-Control", "")


def test_head_answers_headers_without_a_body(visitor):
    get = visitor.get("/practices/")
    head = visitor.head("/practices/")
    assert head.status_code == 200 and head.content == b""
    assert head["Content-Length"] == str(len(get.content))
    export = visitor.head("/practices/export.csv")
    assert export.status_code == 200 and b"".join(export.streaming_content) == b""


@pytest.mark.parametrize("method", ["TRACE", "TRACK", "CONNECT"])
def test_trace_is_refused(visitor, method):
    assert visitor.generic(method, "/").status_code == 405


def test_every_response_has_a_content_security_policy(visitor, reviewer):
    policy = visitor.get("/")["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "unsafe-inline" not in policy
    visitor.force_login(reviewer)
    assert "default-src 'self'" in visitor.get("/admin/")["Content-Security-Policy"]


def test_public_pages_need_no_inline_script_or_style(visitor):
    for url in ["/", "/practices/", "/practices/hongjiang-liudan-gongzuofa/"]:
        page = visitor.get(url).content.decode()
        scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page, re.S)
        assert all('src="/static/' in attrs and not body for attrs, body in scripts)
        assert "style=" not in page and "<style" not in page


def test_the_404_page_is_the_sites_own_in_the_readers_language(visitor):
    page = visitor.get("/practices/no-such-practice/")
    assert page.status_code == 404
    text = page.content.decode()
    assert "找不到这个页面" in text and 'class="site-header"' in text
    english = visitor.get("/no/such/page/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Page not found" in english.content.decode()


def test_a_500_is_the_sites_own_page_and_is_logged_with_its_traceback(
    visitor, monkeypatch
):
    def broken():
        raise RuntimeError("the selector broke")

    monkeypatch.setattr("browse.selectors.library_overview", broken)
    records = []
    handler = logging.Handler()
    handler.emit = records.append
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        response = visitor.get("/", HTTP_ACCEPT_LANGUAGE="en")
    finally:
        logger.removeHandler(handler)
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
    [record] = records
    configured = logging.getLogger("django").handlers[0]
    line = configured.format(record) if configured.filter(record) else ""
    assert "[GET / 500]" in line and "RuntimeError: the selector broke" in line


def test_healthz_says_whether_the_database_answers(visitor, monkeypatch):
    ok = visitor.get("/healthz")
    assert ok.status_code == 200 and ok.content == b"ok\n"
    assert "no-cache" in ok["Cache-Control"] or "max-age=0" in ok["Cache-Control"]

    def unreachable(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(
        "django.db.backends.base.base.BaseDatabaseWrapper.cursor", unreachable
    )
    assert visitor.get("/healthz").status_code == 503


def test_a_short_secret_key_is_refused_at_start():
    result = run_python("import django; django.setup()", DJANGO_SECRET_KEY="short-key")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is too short" in result.stderr


def test_check_deploy_is_clean_under_the_documented_production_settings():
    result = run_python(
        "import sys; from django.core.management import execute_from_command_line; "
        "execute_from_command_line(['manage.py', 'check', '--deploy', "
        "'--fail-level', 'WARNING'])",
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_a_server_without_collected_static_files_refuses_to_start(tmp_path):
    result = run_python(
        "import govcases.wsgi", DJANGO_STATIC_ROOT=str(tmp_path), **PRODUCTION
    )
    assert result.returncode != 0
    assert "Static files are not collected" in result.stderr


@pytest.mark.parametrize("switch", ["/script/hant/", "/language/en/"])
def test_preference_cookies_are_secure_behind_https(client, settings, switch):
    settings.LANGUAGE_COOKIE_SECURE = True
    response = client.get(switch, secure=True)
    [cookie] = response.cookies.values()
    assert cookie["secure"] and cookie["samesite"] == "Lax"
