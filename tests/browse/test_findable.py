"""Findable and shareable: a sitemap of what is public, robots.txt, a favicon, and a
description and OpenGraph tags on practice pages."""

import html
import re

import pytest

from browse.sitemaps import SITEMAPS
from practices.models import Practice, SourceDocument

pytestmark = pytest.mark.django_db


def test_the_sitemap_lists_published_practices_and_their_sources(
    client, seed_library, make_practice
):
    draft = make_practice(status="draft", slug="a-draft")
    index = client.get("/sitemap.xml").content.decode()
    sections = re.findall(r"<loc>http://testserver(/sitemap-\w+\.xml)</loc>", index)
    assert set(sections) == {f"/sitemap-{s}.xml" for s in SITEMAPS}
    body = "".join(client.get(section).content.decode() for section in sections)
    for practice in Practice.objects.published():
        assert f"http://testserver{practice.get_absolute_url()}</loc>" in body
    for source in SourceDocument.objects.filter(practices__status="published"):
        assert f"/sources/{source.slug}/</loc>" in body
    assert "a-draft" not in body
    assert f"/sources/{draft.sources.get().slug}/" not in body
    assert "<lastmod>" in body


def test_robots_points_to_the_sitemap_and_keeps_crawlers_off_downloads(client):
    body = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in body
    assert "Disallow: /practices/export" in body and "Disallow: /admin/" in body


def test_the_favicon_is_never_404(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith(".svg")


def test_practice_pages_have_a_description_and_opengraph_tags(client, seed_library):
    practice = Practice.objects.get(slug="hongjiang-liudan-gongzuofa")
    page = html.unescape(client.get(practice.get_absolute_url()).content.decode())
    assert f'<meta name="description" content="{practice.summary[:100]}' in page
    assert (
        '<meta property="og:title" content="六单工作法 · '
        '湖南省/怀化市/怀化市洪江管理区">' in page
    )
    assert '<meta property="og:type" content="article">' in page
    assert "⏱" not in page  # no glyph that needs an emoji font
