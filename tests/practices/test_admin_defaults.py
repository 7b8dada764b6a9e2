"""Sensible defaults for staff entry: slugs and source keys from Chinese titles in
pinyin, numbers as written, a status menu offering only what the editor may choose,
an admin titled for govcases."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from practices.models import Metric, Practice, SourceDocument
from practices.slugs import pinyin_slug, unique_slug

from .test_admin import practice_form

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_admin(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def test_pinyin_slugs():
    assert pinyin_slug("六单工作法") == "liu-dan-gong-zuo-fa"
    assert pinyin_slug("結千村、訪萬戶") == "jie-qian-cun-fang-wan-hu"
    assert pinyin_slug("“1+4”县域社会治理") == "14-xian-yu-she-hui-zhi-li"
    assert len(pinyin_slug("基层治理" * 30)) <= 60
    taken = {"liu-dan-gong-zuo-fa", "liu-dan-gong-zuo-fa-2"}
    assert unique_slug("六单工作法", taken.__contains__) == "liu-dan-gong-zuo-fa-3"


def test_a_practice_saved_without_a_slug_gets_one_from_its_title(
    client, editor, region, make_practice
):
    source = make_practice().sources.get()
    client.force_login(editor)
    add_url = reverse("admin:practices_practice_add")
    for expected in ("liu-dan-gong-zuo-fa", "liu-dan-gong-zuo-fa-2"):
        data = practice_form(region, slug="", sources=[source.pk])
        response = client.post(add_url, data)
        assert response.status_code == 302, response.context["errors"]
        assert Practice.objects.filter(slug=expected).exists()


def test_a_source_saved_without_a_key_gets_one_from_its_title(admin_client):
    response = admin_client.post(
        reverse("admin:practices_sourcedocument_add"),
        {"title": "环环相扣 单单好评", "script": "hans", "text": "正文。", "slug": ""},
    )
    assert response.status_code == 302, response.context["adminform"].errors
    assert SourceDocument.objects.get(slug="huan-huan-xiang-kou-dan-dan-hao-ping")


def test_numbers_show_as_written_and_the_status_menu_fits_the_user(
    client, editor, reviewer, make_practice, make_metric
):
    practice = make_practice(status="draft")
    make_metric(practice, value="2.5")
    metric = practice.metrics.get()
    metric.refresh_from_db()
    assert str(metric.value) == "2.5000"
    url = reverse("admin:practices_practice_change", args=[practice.pk])
    client.force_login(editor)
    page = client.get(url).content.decode()
    value = re.search(r'name="metrics-0-value"[^>]*value="([^"]*)"', page).group(1)
    assert value == "2.5"
    statuses = re.search(r'<select name="status".*?</select>', page, re.S).group()
    assert 'value="draft"' in statuses and 'value="published"' not in statuses
    client.force_login(reviewer)
    statuses = re.search(
        r'<select name="status".*?</select>', client.get(url).content.decode(), re.S
    ).group()
    assert 'value="published"' in statuses


def test_the_admin_is_titled_for_govcases(admin_client):
    page = admin_client.get(reverse("admin:index")).content.decode()
    assert "govcases" in page and "Django administration" not in page


def test_a_figure_reads_its_number_as_written():
    assert str(Metric(name="办理时限", value=Decimal("30.0000"))) == "办理时限: 30"
    assert str(Metric(name="占比", value=Decimal("2.5000"))) == "占比: 2.5"
