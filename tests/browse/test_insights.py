"""Questions across the library: time limits in hours with links to their quotes,
who does what, where (a province grid) and when; the browse filters apply."""

import csv
import io

import pytest

from practices.models import Practice, Region
from practices.units import in_hours

pytestmark = pytest.mark.django_db


def get(client, url, **params):
    response = client.get(url, params, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    return response


def test_time_limits_in_hours_link_to_their_quotes(client, seed_library):
    response = get(client, "/insights/time-limits/")
    limits = response.context["limits"]
    hongjiang = [t for t in limits if t.metric.practice.slug.startswith("hongjiang")]
    # 当天 (same day: 24 h) twice, 3 and 15 working days
    assert sorted(t.hours for t in hongjiang) == [24.0, 24.0, 72.0, 360.0]
    assert all(t.passage_url.startswith("/sources/") for t in limits)
    hours = [t.hours for t in limits if t.hours is not None]
    assert hours == sorted(hours)
    page = response.content.decode()
    assert all(t.passage_url.replace("&", "&amp;") in page for t in hongjiang)
    assert in_hours(3, "工作日") == 72 and in_hours(30, "分钟") == 0.5


def test_time_limits_take_the_browse_filters(client, seed_library):
    hunan = get(client, "/insights/time-limits/", region="430000").context["limits"]
    assert hunan and all(
        t.metric.practice.region_path.startswith(Region.objects.get(code="430000").path)
        for t in hunan
    )
    bad = get(client, "/insights/time-limits/", region="nowhere")
    assert bad.context["messages"]


def test_who_does_what_finds_hongjiangs_evaluation(client, seed_library):
    response = get(client, "/insights/roles/", kind="residents", role="evaluates")
    steps = [(i.practice.slug, i.step.name) for i in response.context["matches"]]
    assert ("hongjiang-liudan-gongzuofa", "评单") in steps
    assert all(i.actor.kind == "residents" for i in response.context["matches"])
    matrix = {kind: cells for kind, _label, cells in response.context["matrix"]}
    evaluates = dict((role, n) for role, _l, n in matrix["residents"])["evaluates"]
    assert evaluates >= 1
    download = client.get(
        "/insights/roles/", {"kind": "residents", "role": "evaluates", "format": "csv"}
    )
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert rows[0][0] == "practice" and any(r[2] == "评单" for r in rows[1:])


def test_the_province_grid_counts_and_links_into_browse(client, seed_library):
    response = get(client, "/insights/")
    tiles = {region.name: count for region, count, *_rest in response.context["tiles"]}
    hunan = Practice.objects.published().in_region(Region.objects.get(code="430000"))
    assert tiles["湖南省"] == hunan.count() == 7 and len(tiles) == 34
    assert 'href="/practices/?region=430000"' in response.content.decode()
    themes = dict((t.slug, n) for t, n in response.context["themes"])
    assert themes["poverty-and-rural"] >= themes["poverty-alleviation"] >= 1
