"""The flow of a practice as a server-drawn SVG: steps in order, lanes by actor
kind, roles marked, time limits beside; accessible, in every display mode."""

import re

import pytest

from practices.models import Practice

pytestmark = pytest.mark.django_db
HONGJIANG = "/practices/hongjiang-liudan-gongzuofa/"


def flow(client, language="zh-hans", script="hans"):
    client.cookies["django_language"] = language
    client.cookies["script"] = script
    page = client.get(HONGJIANG).content.decode()
    found = re.search(r'<svg class="flow".*?</svg>', page, re.S)
    assert found, "no flow on the page"
    return found.group()


def test_the_flow_draws_every_step_in_order_with_lanes_and_limits(client, seed_library):
    svg = flow(client)
    practice = Practice.objects.get(slug="hongjiang-liudan-gongzuofa")
    names = re.findall(r'class="step-(?:name|cat)">([^<]+)</text>', svg)
    assert len(names) == practice.steps.count()
    six = ["点单", "报单", "跟单", "接单", "督单", "评单"]
    assert [n for n in names if n in six] == six
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    assert "至多 3 工作日" in svg and "至多 15 工作日" in svg
    assert 'class="lane-head"' in svg and "群众" in svg
    assert 'class="r-evaluates"' in svg  # 群众 evaluate in 评单


def test_the_flow_follows_the_display_mode(client, seed_library):
    traditional = flow(client, script="hant")
    assert "點單" in traditional and "群眾" in traditional
    english = flow(client, language="en")
    assert "at most 3 working days" in english and "residents" in english


def test_the_lane_labels_have_room_above_the_lanes_in_every_language(
    client, seed_library
):
    """Labels are written at 30°: the space above the lanes grows with the longest
    (English labels are two to three times as long as the Chinese)."""
    from browse.flow_svg import HEAD, head_height

    def head(svg):  # the lanes start 6 px below the head
        return min(int(y) for y in re.findall(r'<line [^>]*y1="(\d+)"', svg)) + 6

    chinese, english = flow(client), flow(client, language="en")
    assert head(chinese) == HEAD < head(english)
    assert head_height(["Village (residents') committee"]) >= 12 + 90

    def width(svg):  # the time limits' column widens for longer words
        return int(re.search(r'<svg [^>]*width="(\d+)"', svg).group(1))

    assert width(english) > width(chinese)
