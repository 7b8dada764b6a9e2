"""Results that explain themselves: where each matched, a snippet with the match
marked (whatever the script of query and text), a split query offered when a run of
characters finds nothing, and no empty facets or downloads on an empty list."""

import re

import pytest

from browse.matches import snippet

pytestmark = pytest.mark.django_db
BROWSE = "/practices/"


def results(client, query):
    response = client.get(BROWSE, {"q": query}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    return response


def test_each_result_says_where_it_matched_and_marks_the_match(client, seed_library):
    response = results(client, "網格")  # Traditional query, Simplified text
    page = response.content.decode()
    practices = response.context["result"].page.object_list
    assert len(practices) >= 3 and all(p.match for p in practices)
    marked = re.findall(r"<mark>(.*?)</mark>", page)
    assert marked and set(marked) == {"网格"}
    wheres = {str(p.match.where) for p in practices}
    assert "步骤" in wheres  # the Jiaozuo practice matches in a step
    jiaozuo = next(p for p in practices if p.slug.startswith("jiaozuo"))
    assert jiaozuo.match.name  # the step's name
    assert any(marked for _text, marked in jiaozuo.match.pieces)


def test_a_title_match_is_named_not_quoted(client, seed_library):
    practices = results(client, "六单").context["result"].page.object_list
    assert str(practices[0].match.where) == "标题" and practices[0].match.pieces == []


def test_a_run_that_finds_nothing_offers_its_words_apart(client, seed_library):
    response = results(client, "六单党建")
    assert response.context["result"].page.paginator.count == 0
    query, found, url = response.context["result"].suggestion
    assert query == "六单 党建" and found == 1
    again = client.get(BROWSE + url)
    assert again.context["result"].page.paginator.count == 1
    page = response.content.decode()
    assert 'id="exports"' not in page  # nothing to download
    assert "无下级区划" not in page and "No finer division" not in page


def test_snippets_mark_every_occurrence_in_the_window():
    pieces = snippet("城市社区利用网格化管理，网格员巡查。", ["网格"])
    assert [text for text, marked in pieces if marked] == ["网格", "网格"]
    assert "".join(text for text, _ in pieces) == "城市社区利用网格化管理，网格员巡查。"
    assert snippet("没有这个词", ["网格"]) is None
