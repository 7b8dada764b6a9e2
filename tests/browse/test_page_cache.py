"""Whole public pages from the cache (govcases/page_cache.py): served without a
query, fresh the moment the library changes, kept apart by language and script,
never for a visitor with a session, answered with 304 when the ETag matches."""

import pytest
from django.db import transaction

from practices.models import Practice

pytestmark = pytest.mark.django_db

SLUG = "xuzhou-shuwang-qingge"


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 3600


def test_a_repeated_page_is_served_from_the_cache_without_a_query(
    client, seed_library, page_cache, django_assert_num_queries
):
    first = client.get("/practices/", {"region": "430000"})
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get("/practices/", {"region": "430000"})
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert "public" in second["Cache-Control"]
    assert second["Content-Security-Policy"]
    other = client.get("/practices/", {"region": "370000"})  # another URL
    assert other["X-Page-Cache"] == "miss"


def test_a_committed_write_is_seen_at_once_and_a_rolled_back_one_never(
    client, seed_library, page_cache, django_capture_on_commit_callbacks
):
    url = f"/practices/{SLUG}/"
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"
    practice = Practice.objects.get(slug=SLUG)
    with pytest.raises(RuntimeError), transaction.atomic():
        practice.title = "回滚的标题"
        practice.save()
        raise RuntimeError
    assert client.get(url)["X-Page-Cache"] == "hit"
    practice.refresh_from_db()
    practice.title = "改过的标题"
    with django_capture_on_commit_callbacks(execute=True):
        practice.save()
    fresh = client.get(url)
    assert fresh["X-Page-Cache"] == "miss"
    assert "改过的标题" in fresh.content.decode()
    assert "改过的标题" in client.get("/practices/").content.decode()


def test_language_and_script_have_pages_of_their_own(client, seed_library, page_cache):
    chinese = client.get("/practices/", HTTP_ACCEPT_LANGUAGE="zh-Hans")
    english = client.get("/practices/", HTTP_ACCEPT_LANGUAGE="en")
    assert english["X-Page-Cache"] == "miss"
    assert english.content != chinese.content
    client.cookies["script"] = "hant"
    traditional = client.get("/practices/", HTTP_ACCEPT_LANGUAGE="zh-Hans")
    assert traditional["X-Page-Cache"] == "miss"
    assert "網格" in traditional.content.decode()
    again = client.get("/practices/", HTTP_ACCEPT_LANGUAGE="zh-Hans")
    assert again["X-Page-Cache"] == "hit" and again.content == traditional.content


def test_signed_in_staff_and_other_cookies_are_never_served_from_the_cache(
    client, seed_library, page_cache, editor
):
    client.get("/practices/")
    client.cookies["messages"] = "something"
    assert "X-Page-Cache" not in client.get("/practices/")
    del client.cookies["messages"]
    client.force_login(editor)
    response = client.get("/practices/")
    assert "X-Page-Cache" not in response
    assert "public" not in response.get("Cache-Control", "")


def test_a_matching_etag_gets_not_modified_from_the_cache(
    client, seed_library, page_cache
):
    etag = client.get("/themes/")["ETag"]
    assert etag
    response = client.get("/themes/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304 and response["X-Page-Cache"] == "hit"
    assert response.content == b""


def test_errors_downloads_and_the_admin_are_not_kept(client, seed_library, page_cache):
    for _ in range(2):
        missing = client.get("/practices/no-such-practice/")
        assert missing.status_code == 404 and missing["X-Page-Cache"] == "miss"
        download = client.get("/practices/export.csv", {"region": "430000"})
        assert download.streaming and download["X-Page-Cache"] == "miss"
        b"".join(download.streaming_content)
    assert "X-Page-Cache" not in client.get("/admin/login/")
