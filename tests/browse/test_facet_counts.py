"""Every count is the number its link gives: a crawl of every facet link on a set of
pages, and region rows that add up to the list."""

import pytest

from practices.models import Region

pytestmark = pytest.mark.django_db
BROWSE = "/practices/"


def result(client, query):
    response = client.get(BROWSE + query)
    assert response.status_code == 200
    return response.context["result"]


def hunan():
    return Region.objects.get(name="湖南省", depth=1).url_key


def pages():
    return [
        "",
        f"?region={hunan()}",
        f"?region={hunan()}&theme=party-building",
        "?q=网格",
        "?theme=poverty-and-rural",
        "?theme=grassroots-governance&actor_kind=party_org&actor_kind=volunteers&has_metrics=true",
        f"?region={hunan()}&level=county&level=prefecture",
    ]


def test_every_facet_count_is_the_length_of_its_links_list(client, seed_library):
    checked = 0
    for query in pages():
        facets = result(client, query).facets
        for name, items in facets.items():
            for item in items:
                if not item.get("toggle_url"):
                    continue
                got = result(client, item["toggle_url"]).page.paginator.count
                assert got == item["count"], (query, name, item["label"])
                checked += 1
    assert checked > 60


def test_region_rows_add_up_to_the_list(client, seed_library):
    for query in ["", f"?region={hunan()}"]:
        found = result(client, query)
        rows = found.facets["region"]
        assert sum(item["count"] for item in rows) == found.page.paginator.count
    itself = [i for i in result(client, f"?region={hunan()}").facets["region"]
              if i.get("itself")]  # fmt: skip
    assert [i["name"] for i in itself] == ["湖南省"]


def test_a_parent_theme_counts_the_practices_of_its_children(client, seed_library):
    items = {i["value"]: i for i in result(client, "").facets["theme"]}
    parent = items["poverty-and-rural"]
    assert (
        parent["count"]
        == result(client, "?theme=poverty-and-rural").page.paginator.count
    )
    assert parent["count"] >= 4


def test_the_rule_is_stated_on_the_page(client, seed_library):
    page = client.get(BROWSE).content.decode()
    assert 'id="facet-rule"' in page


def test_counted_rows_are_the_rows_their_query_gives(seed_library):
    """Counting queries run the SQL compiled for their cache key (facets.rows_of):
    the rows, their names and values, are the queryset's own."""
    from django.db.models import Count
    from django.db.models.functions import Substr

    from browse.facets import rows_of
    from practices.models import Involvement, Practice

    queries = [
        Involvement.objects.values("actor_id", "actor__name", "actor__name_en")
        .annotate(count=Count("practice_id", distinct=True))
        .order_by("-count", "actor__name")[:5],
        Practice.objects.annotate(prefix=Substr("region_path", 1, 7))
        .values("prefix")
        .annotate(total=Count("pk"), with_metrics=Count("pk", filter=None))
        .order_by("prefix"),
    ]
    for query in queries:
        sql, params = query.query.sql_with_params()
        expected = list(query)
        assert expected
        assert rows_of(query, sql, params) == expected
