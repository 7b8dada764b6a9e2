"""The public site: browse, facets, search, practice pages, trees, bad input."""

import re

import pytest
from django.db import connection
from django.http import QueryDict
from django.urls import reverse

from browse.planner import index_scans_only
from practices.choices import Status
from practices.derived import refresh_derived_fields
from practices.models import Practice, Region, Theme
from practices.search import (
    fold_script,
    query_terms,
    query_tokens,
    search_matches,
    tokens,
)

pytestmark = pytest.mark.django_db
BROWSE = reverse("browse:browse")


def titles(response):
    return re.findall(
        r'<h3[^>]*><a href="/practices/[^"]+/">([^<]+)</a>', response.content.decode()
    )


def result_count(response):
    return response.context["result"].page.paginator.count


def test_fold_script_and_tokens():
    assert fold_script("六單工作法") == "六单工作法"
    assert fold_script("結千村ＡＢＣ") == "结千村abc"
    assert tokens("网格员") == ["网", "格", "员", "格员", "网格员"]
    assert tokens("网格员们") == ["网", "格", "员", "们", "网格员们", "员们", "格员们"]
    assert query_tokens("网格员") == ["网格员*"] and query_tokens("网") == ["网"]
    assert query_tokens("网格员们") == ["网格员们"]
    assert query_tokens("六单工作法") == ["六单工作", "单工作法"]  # then rechecked


@pytest.mark.parametrize(
    "query, expected",
    [
        ("六單工作法", "六单工作法"),
        ("六單", "六单工作法"),
        ("结千村", "“结千村、访万户、解民忧、帮民富”活动"),
        ("梳网清格", "梳网清格"),
    ],
)
def test_keyword_search_folds_script(client, seed_library, query, expected):
    response = client.get(BROWSE, {"q": query})
    assert response.status_code == 200
    assert titles(response)[0] == expected


def test_title_matches_rank_first(client, seed_library):
    found = titles(client.get(BROWSE, {"q": "党建"}))
    assert len(found) >= 3
    assert (
        found[0] == "党建+"
    )  # its title holds the keyword; the others only mention it


def test_search_respects_other_filters_and_never_shows_drafts(client, seed_library):
    Practice.objects.filter(slug="xuzhou-shuwang-qingge").update(status=Status.DRAFT)
    shandong = Region.objects.get(name="山东省", depth=1)
    response = client.get(BROWSE, {"q": "网格", "region": shandong.code})
    assert titles(response) == ["“1+4”县域社会治理“寿光路径”"]
    assert "梳网清格" not in titles(client.get(BROWSE, {"q": "梳网清格"}))


def test_region_filter_includes_everything_below_with_hierarchical_facets(
    client, seed_library
):
    hunan = Region.objects.get(name="湖南省", depth=1)
    response = client.get(BROWSE, {"region": hunan.code})
    found = titles(response)
    assert "六单工作法" in found and "城乡帮困体系" in found
    assert "梳网清格" not in found
    facet = {
        item["label"]: item["count"]
        for item in response.context["result"].facets["region"]
    }
    assert (
        facet["株洲市"] == 2 and facet["怀化市"] == 1
    )  # cities of the chosen province
    top = client.get(BROWSE).context["result"].facets["region"]
    assert {item["label"]: item["count"] for item in top}["湖南省"] == 7


def test_theme_filter_includes_child_themes_and_combines(client, seed_library):
    parent = client.get(BROWSE, {"theme": "poverty-and-rural"})
    child = client.get(BROWSE, {"theme": "poverty-alleviation"})
    assert set(titles(child)) <= set(titles(parent)) and titles(child)
    both = client.get(BROWSE, {"theme": ["poverty-alleviation", "grid-management"]})
    assert result_count(both) >= result_count(child)


def test_facets_have_datasette_shape_and_toggle_links(client, seed_library):
    response = client.get(BROWSE, {"theme": "party-building"})
    facets = response.context["result"].facets
    item = next(i for i in facets["theme"] if i["value"] == "party-building")
    shape = {"value", "label", "count", "toggle_url", "selected"}
    assert shape <= set(item) <= shape | {"name", "name_en", "child"}
    assert item["selected"]  # its count is the list without it (test_facet_counts)
    assert item["count"] == result_count(client.get(BROWSE + item["toggle_url"]))
    assert "theme=party-building" not in item["toggle_url"]  # toggles it off
    kinds = {i["value"]: i["count"] for i in facets["actor_kind"]}
    assert kinds["party_org"] >= 1


@pytest.mark.parametrize(
    "params",
    [
        {"region": "999999999"},
        {"region": "abc"},
        {"year_from": "not-a-year"},
        {"page": "-1"},
        {"page": "1000000000"},
        {"page": "x"},
        {"q": "网" * 10000},
        {"sort": "sideways"},
        {"theme": "no-such-theme"},
        {"level": "galaxy"},
        {"has_metrics": "perhaps"},
    ],
)
def test_bad_input_renders_the_page_with_a_message(client, seed_library, params):
    response = client.get(BROWSE, params)
    assert response.status_code == 200
    if params != {"has_metrics": "perhaps"}:
        assert response.context["result"].messages, params
        assert 'role="alert"' in response.content.decode()


def test_an_overlong_keyword_is_reported_not_searched(client, seed_library):
    response = client.get(BROWSE, {"q": "网" * 10000})
    message = response.context["result"].messages[0]
    assert "100" in message
    assert result_count(response) == Practice.objects.published().count()


def test_query_count_does_not_grow_with_page_size(
    client, seed_library, django_assert_max_num_queries, settings
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(BROWSE, {"sort": "title"})
    Practice.objects.update(status=Status.PUBLISHED)
    source = Practice.objects.first()
    for n in range(30):
        copy = Practice.objects.get(pk=source.pk)
        copy.pk, copy.slug = None, f"copy-{n}"
        copy.save()
        copy.themes.set(source.themes.all())
    refresh_derived_fields(Practice.objects.all())
    with CaptureQueriesContext(connection) as many:
        response = client.get(BROWSE, {"sort": "title"})
    assert len(response.context["result"].page.object_list) == 20
    assert len(many) == len(few)


def test_practice_page_shows_steps_in_order_with_actors(client, seed_library):
    response = client.get(reverse("browse:detail", args=["hongjiang-liudan-gongzuofa"]))
    page = response.content.decode()
    step_names = re.findall(r'<h3 class="step-name"[^>]*>([^<]+)</h3>', page)
    six = ["点单", "报单", "跟单", "接单", "督单", "评单"]
    assert [name for name in step_names if name in six] == six
    assert "湖南省" in page and "怀化市" in page  # the region breadcrumb
    assert "工作日" in page  # time limits
    assert 'id="citation"' in page


def test_practice_page_query_count_is_fixed(
    client, seed_library, django_assert_max_num_queries
):
    # 10 for the practice and its parts, 6 for its related practices (related.py),
    # 1 for its version number (its history).
    with django_assert_max_num_queries(17):
        client.get(reverse("browse:detail", args=["hongjiang-liudan-gongzuofa"]))


def test_drafts_are_not_public(client, seed_library):
    Practice.objects.filter(slug="hongjiang-liudan-gongzuofa").update(
        status=Status.IN_REVIEW
    )
    assert (
        client.get(
            reverse("browse:detail", args=["hongjiang-liudan-gongzuofa"])
        ).status_code
        == 404
    )
    assert "六单工作法" not in titles(client.get(BROWSE))
    home = client.get(reverse("browse:home"))
    assert home.context["practice_count"] == Practice.objects.published().count()


def test_region_and_theme_trees_count_published_practices(client, seed_library):
    regions = client.get(reverse("browse:regions"))
    provinces = regions.context["provinces"]
    hunan = next(r for r in provinces if r.name == "湖南省")
    assert hunan.practice_count == 7

    # Every region's rows add up: its own practices and its branches'.
    def adds_up(region):
        below = sum(branch.practice_count for branch in region.branches)
        assert region.own_count + below == region.practice_count, region.name
        for branch in region.branches:
            adds_up(branch)

    for province in provinces:
        adds_up(province)
    assert hunan.own_count == 1
    assert all(r.practice_count for r in provinces)
    assert "北京市" in [r.name for r in regions.context["empty_provinces"]]
    themes = client.get(reverse("browse:themes")).context["themes"]
    poverty = next(t for t in themes if t.slug == "poverty-and-rural")
    assert poverty.practice_count >= max(c.practice_count for c in poverty.child_themes)


def test_home_page(client, seed_library):
    response = client.get(reverse("browse:home"))
    assert response.status_code == 200
    assert response.context["practice_count"] == 11
    assert 'name="q"' in response.content.decode()


def test_traditional_script_switch(client, seed_library):
    response = client.get(
        reverse("browse:set_script", args=["hant"]) + "?next=/practices/"
    )
    assert response.status_code == 302 and response["Location"] == "/practices/"
    page = client.get(BROWSE).content.decode()
    assert "六單工作法" in page and "六单工作法" not in page
    client.get(reverse("browse:set_script", args=["hans"]))
    assert "六单工作法" in client.get(BROWSE).content.decode()


def test_script_switch_refuses_offsite_redirects(client):
    response = client.get(
        reverse("browse:set_script", args=["hant"]) + "?next=https://evil.example/"
    )
    assert response["Location"] == "/"


def test_english_interface(client, seed_library):
    switch = reverse("browse:set_language", args=["en"])
    assert client.get(switch + "?next=/practices/")["Location"] == "/practices/"
    page = client.get(BROWSE).content.decode()
    assert "Practices" in page and 'lang="en"' in page
    client.get(reverse("browse:set_language", args=["zh-hans"]))
    assert '<html lang="zh-Hans">' in client.get(BROWSE).content.decode()


def test_toggle_url_keeps_other_filters():
    from browse.facets import toggle_url

    params = QueryDict("theme=a&level=county&page=3")
    assert toggle_url(params, "theme", "b") == "?theme=a&theme=b&level=county"
    assert toggle_url(params, "theme", "a") == "?level=county"
    assert toggle_url(params, "region", 5) == "?theme=a&level=county&region=5"


def test_theme_parent_lookup_is_not_confused_by_unknown_slugs():
    assert Theme.objects.filter(slug="poverty-and-rural").exists()


@pytest.mark.parametrize("query", ["网格", "党建", "六单工作法", "網"])
def test_keyword_search_is_served_by_the_index(seed_library, query):
    """PostgreSQL's GIN index over the tokens; SQLite's FTS5 table over the same."""
    with index_scans_only():
        plan = search_matches(query_terms(query)).explain()
    if connection.vendor == "postgresql":
        assert "Bitmap Index Scan on practice_search_vector_gin" in plan, plan
    else:
        assert "VIRTUAL TABLE INDEX" in plan and "practice_search_fts" in plan, plan


def test_the_index_follows_every_write(client, seed_library):
    """A practice's tokens change with its text (FTS5 triggers on SQLite, the
    generated column on PostgreSQL): the new word is found, the old one is not,
    and a deleted practice is gone from the index."""
    practice = Practice.objects.get(slug="xuzhou-shuwang-qingge")
    practice.summary = "新增一个罕见词组鳕鱼湾议事会"
    practice.save()
    refresh_derived_fields(Practice.objects.filter(pk=practice.pk))
    assert titles(client.get(BROWSE, {"q": "鳕鱼湾"})) == [practice.title]
    practice.summary = "又改了"
    practice.save()
    refresh_derived_fields(Practice.objects.filter(pk=practice.pk))
    assert titles(client.get(BROWSE, {"q": "鳕鱼湾"})) == []
    assert practice.title in titles(client.get(BROWSE, {"q": "又改了"}))
    practice.delete()
    assert titles(client.get(BROWSE, {"q": "又改了"})) == []


def test_regions_are_named_by_code_or_names_and_old_ids_redirect(client, seed_library):
    hunan = Region.objects.get(name="湖南省", depth=1)
    old = client.get(BROWSE, {"region": str(hunan.pk), "q": "", "year_from": ""})
    assert old.status_code == 301 and old["Location"] == f"{BROWSE}?region=430000"
    assert client.get(BROWSE + "?theme=&sort=newest")["Location"] == (
        f"{BROWSE}?sort=newest"
    )
    by_code = client.get(BROWSE, {"region": "430000"})
    hunan_practices = Practice.objects.filter(region_path__startswith=hunan.path)
    assert result_count(by_code) == hunan_practices.count() > 5
    # A special zone: NBS statistical code 431271, the sources' name 洪江区.
    hongjiang = Region.objects.get(code="431271")
    assert hongjiang.full_name == "湖南省/怀化市/怀化市洪江管理区"
    by_names = client.get(BROWSE, {"region": hongjiang.full_name})
    assert titles(by_names) == ["六单工作法"]
    by_former_name = client.get(BROWSE, {"region": "湖南省/怀化市/洪江区"})
    assert titles(by_former_name) == ["六单工作法"]
    assert "现为 怀化市洪江管理区（431271）" in by_former_name.content.decode()
    detail = client.get("/practices/hongjiang-liudan-gongzuofa/").content.decode()
    assert "?region=430000" in detail and "?region=431271" in detail
    unknown = client.get(BROWSE, {"region": "湖南省/无此县"})
    assert unknown.status_code == 200 and unknown.context["result"].messages


def test_titles_sort_by_pinyin_and_say_so(client, seed_library):
    found = titles(client.get(BROWSE, {"sort": "title"}))
    assert found.index("党建+") < found.index("六单工作法") < found.index("梳网清格")
    assert found.index("“结千村、访万户、解民忧、帮民富”活动") < found.index(
        "六单工作法"
    )
    # 审 (shen) before 专 (zhuan)
    assert found.index("审批改革、村庄规划、地灾防治与问题楼盘化解") < found.index(
        "专项巡察"
    )
    assert (
        "title (by pinyin)"
        in client.get(BROWSE, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's vector")
def test_the_vector_holds_the_tokens_as_the_text_search_parser_read_them(
    seed_library,
):
    """Migration 0013 stores the tokens as they are; for every seed practice that
    is what to_tsvector('simple') made of them, without positions (so no search
    finds more or less than before)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), count(*) FILTER (WHERE vector <> "
            "strip(to_tsvector('simple', tokens))) FROM practices_practicesearch"
        )
        rows, differing = cursor.fetchone()
    assert rows == Practice.objects.count() and differing == 0


def test_a_word_too_long_for_the_index_leaves_the_rest_searchable(client, seed_library):
    """A word longer than PostgreSQL's longest lexeme is left out of the tokens
    (to_tsvector left it out too); the practice is still written and found."""
    practice = Practice.objects.get(slug="xuzhou-shuwang-qingge")
    practice.summary = "鳕鱼湾议事会 " + "x" * 3000
    practice.save()
    refresh_derived_fields(Practice.objects.filter(pk=practice.pk))
    assert titles(client.get(BROWSE, {"q": "鳕鱼湾"})) == [practice.title]
    assert "x" * 3000 not in practice.search_index.tokens.split()
