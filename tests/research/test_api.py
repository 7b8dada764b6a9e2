"""The read API: the same list as the browse page, published content only, a
practice with its parts, JSON errors, CORS, conditional GET and a rate limit."""

import pytest
from django.core.cache import cache

from practices.models import Practice

pytestmark = pytest.mark.django_db
API = "/api/v1"


def page_slugs(client, params):
    response = client.get("/practices/", params)
    return [p.slug for p in response.context["result"].page.object_list]


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": "网格"},
        {"region": "430000", "sort": "title"},
        {"theme": "party-building"},
    ],
)
def test_the_list_is_the_browse_list(client, seed_library, params):
    data = client.get(f"{API}/practices/", params).json()
    assert [p["slug"] for p in data["results"]] == page_slugs(client, params)
    assert data["count"] == len(data["results"]) or data["next"]


def test_no_draft_anywhere(client, seed_library, make_practice, make_step):
    draft = make_practice(status="draft", slug="a-draft")
    make_step(draft)
    listed = client.get(f"{API}/practices/", {"page_size": 100}).json()["results"]
    assert "a-draft" not in [p["slug"] for p in listed]
    assert client.get(f"{API}/practices/a-draft/").status_code == 404
    source = draft.sources.get().slug
    assert client.get(f"{API}/sources/{source}/").status_code == 404
    keys = [s["key"] for s in client.get(f"{API}/sources/").json()["results"]]
    assert source not in keys


def test_a_practice_with_its_parts(client, seed_library):
    data = client.get(f"{API}/practices/hongjiang-liudan-gongzuofa/").json()
    practice = Practice.objects.get(slug="hongjiang-liudan-gongzuofa")
    assert len(data["steps"]) == practice.steps.count()
    step = next(s for s in data["steps"] if s["name"] == "评单")
    assert step["function"] == "evaluate" and step["parent_id"] is None
    limit = next(m for m in data["metrics"] if m["name"] == "一般性事项办理时限")
    assert limit["value"] == "3" and limit["unit_en"] == "working days"
    passage = limit["passage"]
    source = client.get(f"{API}/sources/{passage['source']}/").json()
    quoted = source["text"][passage["start"] : passage["end"]]
    assert "".join(quoted.split()) == "".join(limit["source_quote"].split())
    assert data["region"]["key"] == "431271"


def test_time_limits_in_hours(client, seed_library):
    limits = client.get(f"{API}/insights/time-limits/", {"region": "430000"}).json()
    hongjiang = [t for t in limits if t["practice"] == "hongjiang-liudan-gongzuofa"]
    assert sorted(t["hours"] for t in hongjiang) == [24.0, 24.0, 72.0, 360.0]
    assert {t["function"] for t in hongjiang} >= {"handle"}


def test_who_does_what(client, seed_library):
    data = client.get(
        f"{API}/insights/roles/", {"kind": "residents", "role": "evaluates"}
    ).json()
    assert ("hongjiang-liudan-gongzuofa", "评单") in [
        (s["practice"], s["step"]) for s in data["steps"]
    ]
    assert any(
        m["kind"] == "residents" and m["role"] == "evaluates" and m["count"] >= 1
        for m in data["matrix"]
    )
    bad = client.get(f"{API}/insights/roles/", {"kind": "aliens"})
    assert bad.status_code == 400 and "kind" in bad.json()["errors"]


def test_errors_are_json(client, seed_library):
    bad = client.get(f"{API}/practices/", {"region": "nowhere"})
    assert bad.status_code == 400 and "region" in bad.json()["errors"]
    missing = client.get(f"{API}/no-such-thing/")
    assert missing.status_code == 404 and missing.json() == {"detail": "Not found."}
    assert client.get(f"{API}/practices/no-such/").json()["detail"]
    assert client.post(f"{API}/practices/").status_code == 405


def test_cors_etag_and_rate_limit(client, seed_library):
    response = client.get(f"{API}/themes/", HTTP_ORIGIN="https://example.org")
    assert response["Access-Control-Allow-Origin"] == "*"
    etag = response["ETag"]
    again = client.get(f"{API}/themes/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    from rest_framework.throttling import AnonRateThrottle

    original = AnonRateThrottle.THROTTLE_RATES
    AnonRateThrottle.THROTTLE_RATES = {"anon": "3/minute"}
    cache.clear()
    try:
        codes = [client.get(f"{API}/themes/").status_code for _ in range(5)]
    finally:
        AnonRateThrottle.THROTTLE_RATES = original
        cache.clear()
    assert codes[:3] == [200, 200, 200] and codes[-1] == 429


def test_the_codebook_lists_every_api_field(client, seed_library):
    page = client.get("/codebook/").content.decode()
    practice = client.get(f"{API}/practices/hongjiang-liudan-gongzuofa/").json()
    for key in [*practice, *practice["steps"][0], *practice["metrics"][0]]:
        assert f"<code>{key}</code>" in page, key


def test_the_schema_and_the_docs(client):
    schema = client.get(f"{API}/schema/")
    assert schema.status_code == 200 and b"/api/v1/practices/" in schema.content
    assert client.get(f"{API}/docs/").status_code == 200


def test_every_export_and_the_api_name_the_dataset_version(client, seed_library):
    latest = Practice.objects.published().latest("updated_at").updated_at
    version = latest.isoformat(timespec="seconds")
    assert client.get(f"{API}/").json()["dataset_version"] == version
    urls = ["/practices/export.csv", "/practices/export.json", "/practices/export.zip",
            "/practices/hongjiang-liudan-gongzuofa/export.json"]  # fmt: skip
    for url in urls:
        assert client.get(url)["X-Dataset-Version"] == version, url
