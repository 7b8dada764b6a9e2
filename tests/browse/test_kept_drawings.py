"""Drawings kept under the library's version (a practice page's body, a page of
the list) are kept per language and script, and a committed write shows at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from practices.models import Practice

pytestmark = pytest.mark.django_db
PAGE = "/practices/hongjiang-liudan-gongzuofa/"


@pytest.fixture
def kept_for_an_hour(settings):
    settings.FACET_CACHE_SECONDS = 3600


def get(client, url, script="hans", **extra):
    client.cookies["script"] = script
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_a_practice_page_is_drawn_once_and_then_read_from_its_row(
    client, seed_library, kept_for_an_hour, django_capture_on_commit_callbacks
):
    drawn, drawing_queries = get(client, PAGE)
    kept, kept_queries = get(client, PAGE)
    assert kept == drawn
    assert kept_queries <= 2 < drawing_queries  # the row (and its region's names)
    practice = Practice.objects.get(slug="hongjiang-liudan-gongzuofa")
    with django_capture_on_commit_callbacks(execute=True):
        practice.summary = "改过的摘要。"
        practice.save()
    changed, _queries = get(client, PAGE)
    assert "改过的摘要。" in changed and changed != drawn


def test_each_language_and_script_has_its_own_drawing(
    client, seed_library, kept_for_an_hour
):
    traditional, _queries = get(client, PAGE, "hant")
    simplified, _queries = get(client, PAGE, "hans")
    english, _queries = get(client, PAGE, "hans", HTTP_ACCEPT_LANGUAGE="en")
    assert '<h1 lang="zh-Hant">' in traditional and '<h1 lang="zh-Hans">' in simplified
    assert "六單工作法" in traditional and "六单工作法" in simplified
    assert "Steps" in english and "Steps" not in simplified


def test_a_list_drawn_for_traditional_is_not_shown_to_simplified_readers(
    client, seed_library, kept_for_an_hour
):
    traditional, _queries = get(client, "/practices/", "hant")
    simplified, _queries = get(client, "/practices/", "hans")
    assert '<h3 lang="zh-Hant">' in traditional
    assert (
        '<h3 lang="zh-Hans">' in simplified and '<h3 lang="zh-Hant">' not in simplified
    )


def test_a_page_reached_by_another_host_cites_that_host(
    client, seed_library, kept_for_an_hour, settings
):
    settings.ALLOWED_HOSTS = ["testserver", "mirror.example"]
    settings.PAGE_CACHE_SECONDS = 3600
    first, _queries = get(client, PAGE)
    other, _queries = get(client, PAGE, HTTP_HOST="mirror.example")
    assert "http://testserver/practices/" in first
    assert "http://mirror.example/practices/" in other
    assert "http://testserver/" not in other
