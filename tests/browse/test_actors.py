"""Browse by actor: a page for each actor with the practices and steps it takes part
in, an actor filter and facet on the list; related practices with why."""

import pytest

from practices.models import Actor, Involvement, Practice

pytestmark = pytest.mark.django_db
BROWSE = "/practices/"


def test_an_actor_page_lists_its_practices_steps_and_roles(client, seed_library):
    actor = Actor.objects.get(name="群众")
    page = client.get(actor.get_absolute_url()).content.decode()
    published = Involvement.objects.filter(actor=actor, practice__status="published")
    for involvement in published.select_related("practice", "step"):
        assert involvement.practice.get_absolute_url() in page
        if involvement.step:
            assert f"#step-{involvement.step_id}" in page
    assert f"?actor={actor.pk}" in page


def test_actors_of_drafts_only_are_not_public(client, make_practice):
    draft = make_practice(status="draft")
    actor = Actor.objects.create(name="只在草稿里", kind="residents")
    Involvement.objects.create(practice=draft, actor=actor, role="takes_part")
    assert client.get(actor.get_absolute_url()).status_code == 404
    assert client.get("/actors/999999999/").status_code == 404


def test_the_actor_filter_and_facet_agree(client, seed_library):
    actor = Actor.objects.get(name="群众")
    expected = (
        Practice.objects.published()
        .filter(involvements__actor=actor)
        .distinct()
        .count()
    )
    listed = client.get(BROWSE, {"actor": actor.pk}).context["result"]
    assert listed.page.paginator.count == expected
    facet = client.get(BROWSE).context["result"].facets["actor"]
    item = next(i for i in facet if i["value"] == actor.pk)
    assert item["count"] == expected
    chosen = listed.facets["actor"]
    assert (
        chosen[0]["selected"]
        and chosen[0]["count"] == Practice.objects.published().count()
    )
    bad = client.get(BROWSE, {"actor": "9" * 30})
    assert bad.status_code == 200 and bad.context["result"].messages


def test_the_practice_page_links_actors_and_lists_related_practices(
    client, seed_library
):
    page = client.get("/practices/hongjiang-liudan-gongzuofa/")
    related = page.context["body"]["related"]
    assert related and len(related) <= 5
    assert all(item.themes or item.actors or item.region for item in related)
    scores = [item.score for item in related]
    assert scores == sorted(scores, reverse=True)
    body = page.content.decode()
    assert 'id="related-title"' in body
    actor = Actor.objects.get(name="群众")
    assert f'href="/actors/{actor.pk}/"' in body
    sitemap = client.get("/sitemap-actors.xml").content.decode()
    assert f"/actors/{actor.pk}/</loc>" in sitemap
