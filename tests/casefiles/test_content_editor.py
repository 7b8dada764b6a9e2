"""The content editor: a practice's steps, figures and actors as one ordered outline
beside its source, saved in one go through the case-file rules (no typed positions,
no first save before a new step can hold figures)."""

import html
import re

import pytest
from django.urls import reverse

from casefiles.content_editor import practice_parts, rows_from_practice
from practices.models import Practice, PracticeRevision

pytestmark = pytest.mark.django_db
SLUG = "hongjiang-liudan-gongzuofa"


@pytest.fixture(autouse=True)
def english(client, admin_client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    admin_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def url(practice):
    return reverse("admin:practices_practice_content", args=[practice.pk])


def form_data(page):
    """What the browser would post: every named field of the outline form."""
    start = page.index('id="outline-form"')
    form = page[start : page.index("</form>", start)]
    data = {}
    for tag in re.finditer(r"<(input|select|textarea)\b([^>]*)>", form):
        attrs = dict(re.findall(r'(\w[\w-]*)="([^"]*)"', tag.group(2)))
        name = attrs.get("name")
        if not name:
            continue
        if tag.group(1) == "input":
            if attrs.get("type") == "checkbox":
                continue
            data[name] = attrs.get("value", "")
        elif tag.group(1) == "textarea":
            end = form.index("</textarea>", tag.end())
            data[name] = unescape(form[tag.end() : end])
        else:
            end = form.index("</select>", tag.end())
            options = form[tag.end() : end]
            chosen = re.search(r'<option value="([^"]*)" selected', options)
            first = re.search(r'<option value="([^"]*)"', options)
            data[name] = (chosen or first).group(1)
    return data


def unescape(text):
    return html.unescape(text)


def test_rows_round_trip_a_practice():
    data = {
        "steps": [
            {"name": "a", "source_quote": "q",
             "steps": [{"name": "b", "source_quote": "r"}],
             "metrics": [
                 {"name": "m", "value": 3, "kind": "input", "source_quote": "3"}
             ]},
            {"name": "c", "source_quote": "s"},
        ],
        "involvements": [{"actor": "社区", "role": "leads"}],
    }  # fmt: skip
    rows = rows_from_practice(data)
    assert [(r.type, r.depth) for r in rows] == [
        ("involvement", 0), ("step", 1), ("metric", 1), ("step", 2), ("step", 1),
    ]  # fmt: skip
    steps, metrics, involvements = practice_parts(rows)
    assert [s["name"] for s in steps] == ["a", "c"]
    assert steps[0]["steps"][0]["name"] == "b"
    assert steps[0]["metrics"][0]["value"] == 3
    assert involvements == [{"actor": "社区", "role": "leads"}]
    assert [r.path for r in rows][:3] == [
        "practices[0].involvements[0]", "practices[0].steps[0]",
        "practices[0].steps[0].metrics[0]",
    ]  # fmt: skip


def test_the_page_shows_the_source_beside_the_rows_and_saves_unchanged(
    admin_client, seed_library
):
    practice = Practice.objects.get(slug=SLUG)
    page = admin_client.get(url(practice)).content.decode()
    assert "source-text" in page and "点单" in page and "data-quote" in page
    data = form_data(page)
    response = admin_client.post(url(practice), data, follow=True)
    assert "Nothing had changed." in response.content.decode()


def test_a_new_step_with_a_sub_step_and_a_figure_is_saved_in_one_go(
    admin_client, seed_library
):
    practice = Practice.objects.get(slug=SLUG)
    before = practice.steps.count()
    data = form_data(admin_client.get(url(practice)).content.decode())
    total = int(data["rows-TOTAL"])
    # The blank rows the page offers at the end: fill one step, make the next a
    # sub-step, and put a figure under it - no positions, no first save.
    blank_steps = [
        k[:-4] for k, v in data.items() if k.endswith("-type") and v == "step"
    ]
    blank_steps = [p for p in blank_steps if not data[p + "name"]]
    blank_metric = next(
        k[:-4] for k, v in data.items()
        if k.endswith("-type") and v == "metric" and not data[k[:-4] + "name"]
    )  # fmt: skip
    first, second = blank_steps[:2]
    data.update({
        first + "name": "新的步骤", first + "source_quote": "群众公开公正“评单”",
        second + "name": "新的子步骤", second + "depth": "2",
        second + "source_quote": "领导高标高效“督单”",
        blank_metric + "name": "办理时限", blank_metric + "kind": "time_limit",
        blank_metric + "value": "3", blank_metric + "unit": "工作日",
        blank_metric + "qualifier": "at_most",
        blank_metric + "source_quote": "一般性事项要在3个工作日内办理完成",
    })  # fmt: skip
    assert total >= 5
    response = admin_client.post(url(practice), data, follow=True)
    page = response.content.decode()
    assert "Steps and figures saved." in page, re.findall(r"errorlist.*?</ul>", page)
    assert practice.steps.count() == before + 2
    new = practice.steps.get(name="新的步骤")
    child = practice.steps.get(name="新的子步骤")
    assert child.parent == new and new.parent is None
    assert practice.metrics.filter(step=child, name="办理时限").exists()
    assert PracticeRevision.objects.filter(practice=practice).exists()


def test_errors_stand_beside_their_rows_and_nothing_is_saved(
    admin_client, seed_library
):
    practice = Practice.objects.get(slug=SLUG)
    steps_before = list(practice.steps.values_list("name", flat=True))
    data = form_data(admin_client.get(url(practice)).content.decode())
    quote_key = next(k for k in data if k.endswith("-source_quote") and data[k])
    data[quote_key] = "原文里没有的话"
    page = admin_client.post(url(practice), data).content.decode()
    assert "Nothing was saved" in page
    assert page.count('class="outline-row') > 5
    assert re.search(r"has-errors.*?not found in the practice", page, re.S)
    value_key = next(k for k in data if k.endswith("-value") and data[k])
    data[value_key] = "三个"
    page = admin_client.post(url(practice), data).content.decode()
    assert re.search(r"has-errors.*?Enter a number", page, re.S)
    assert list(practice.steps.values_list("name", flat=True)) == steps_before


def test_an_editor_reaches_it_from_the_change_page(client, editor, seed_library):
    practice = Practice.objects.get(slug=SLUG)
    client.force_login(editor)
    change = reverse("admin:practices_practice_change", args=[practice.pk])
    assert url(practice) in client.get(change).content.decode()
    assert client.get(url(practice)).status_code == 200
