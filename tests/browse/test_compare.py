"""Comparing practices step by step: rows by what a step does, time limits in their
own words and in hours, differences marked, a CSV; chosen from the list in its URL."""

import csv
import io

import pytest

pytestmark = pytest.mark.django_db
HONGJIANG, HETANG = "hongjiang-liudan-gongzuofa", "hetang-urban-rural-assistance"


def compare(client, *slugs, **extra):
    query = "&".join(f"p={slug}" for slug in slugs)
    response = client.get(f"/compare/?{query}", **extra)
    assert response.status_code == 200
    return response


def test_steps_that_do_the_same_thing_share_a_row(client, seed_library):
    response = compare(client, HONGJIANG, HETANG)
    rows = {row.key: row for row in response.context["rows"]}
    evaluate = rows["evaluate"]
    names = [[step.name for step, _i, _l in cell.steps] for cell in evaluate.cells]
    assert "评单" in names[0] and "逐步健全长效机制" in names[1]
    intake = rows["intake"]
    assert [s.name for s, _i, _l in intake.cells[0].steps] == ["点单"]
    assert intake.cells[1].steps == [] and intake.differs
    handle = rows["handle"]
    # the same day (24 h), 3 and 15 working days
    assert handle.cells[0].hours == [24.0, 72.0, 360.0]
    page = response.content.decode()
    assert "至多 3 工作日" in page and "至多 15 工作日" in page
    keys = list(rows)
    assert keys.index("intake") < keys.index("assign") < keys.index("evaluate")
    assert keys[-1] == "other"


def test_the_comparison_downloads_as_csv(client, seed_library):
    response = client.get(f"/compare/?p={HONGJIANG}&p={HETANG}&format=csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "function",
        "practice",
        "steps",
        "actors",
        "time_limits",
        "hours",
    ]
    handle = next(r for r in rows if r[:2] == ["handle", HONGJIANG])
    assert "72" in handle[5] and "360" in handle[5]


def test_bad_choices_get_a_message_not_an_error(client, seed_library, make_practice):
    one = compare(client, HONGJIANG)
    assert one.context["messages"] and one.context["candidates"]
    assert compare(client).context["messages"]
    draft = make_practice(status="draft", slug="a-draft")
    unknown = compare(client, HONGJIANG, "no-such", draft.slug)
    assert "no-such" in str(unknown.context["messages"])
    assert [p.slug for p in unknown.context["practices"]] == [HONGJIANG]
    five = compare(
        client, HONGJIANG, HETANG, "xuzhou-shuwang-qingge",
        "zhuzhou-special-inspection", "yintang-school-party-building-plus",
    )  # fmt: skip
    assert len(five.context["practices"]) == 4 and five.context["messages"]


def test_practices_are_chosen_on_the_list_without_javascript(client, seed_library):
    page = client.get("/practices/", {"compare": [HONGJIANG, HETANG]}).content.decode()
    assert f'href="/compare/?p={HONGJIANG}&amp;p={HETANG}"' in page
    detail = client.get(f"/practices/{HONGJIANG}/").content.decode()
    assert f'href="/compare/?p={HONGJIANG}"' in detail
