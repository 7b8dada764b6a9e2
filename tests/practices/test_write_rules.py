"""The write rules in the admin: quotes, numbers, the step tree and positions, checked
on the practice's real change form, each error on its field, never a 500."""

import pytest
from django.urls import reverse

from practices.choices import Status
from practices.models import Metric, Step
from practices.rules import MAX_STEP_DEPTH

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_admin(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def change_url(practice):
    return reverse("admin:practices_practice_change", args=[practice.pk])


def change_form(practice, steps=None, metrics=None):
    """The change page's POST as it stands, with step and metric fields overridden:
    `steps` and `metrics` map an index (in pk order) to a dict of new values."""
    data = {
        "title": practice.title,
        "alias": practice.alias,
        "slug": practice.slug,
        "status": practice.status,
        "region": practice.region_id,
        "implementing_level": practice.implementing_level,
        "year_started": practice.year_started or "",
        "summary": practice.summary,
        "problem": "",
        "outcomes": "",
        "themes": [],
        "sources": [s.pk for s in practice.sources.all()],
        "involvements-TOTAL_FORMS": "0",
        "involvements-INITIAL_FORMS": "0",
    }
    for name, rows, fields in [
        ("steps", practice.steps.order_by("pk"), STEP_FIELDS),
        ("metrics", practice.metrics.order_by("pk"), METRIC_FIELDS),
    ]:
        overrides = (steps if name == "steps" else metrics) or {}
        rows = list(rows)
        data[f"{name}-TOTAL_FORMS"] = str(max([len(rows) - 1, *overrides]) + 1)
        data[f"{name}-INITIAL_FORMS"] = str(len(rows))
        for index in range(int(data[f"{name}-TOTAL_FORMS"])):
            values = {}
            if index < len(rows):
                row = rows[index]
                values = {"id": row.pk, "practice": practice.pk}
                values.update({f: _form_value(getattr(row, f)) for f in fields})
            values.update(overrides.get(index, {}))
            for key, value in values.items():
                data[f"{name}-{index}-{key}"] = value
    return data


STEP_FIELDS = [
    "position", "name", "parent_id", "function", "kind", "description", "source_quote",
]  # fmt: skip
METRIC_FIELDS = [
    "name", "kind", "step_id", "qualifier", "value", "value_max", "unit", "as_of",
    "source_quote",
]  # fmt: skip


def _form_value(value):
    return "" if value is None else value


def post(client, practice, data):
    fixed = {k.replace("parent_id", "parent").replace("step_id", "step"): v
             for k, v in data.items()}  # fmt: skip
    return client.post(change_url(practice), fixed)


def field_errors(response):
    """{(formset prefix or "practice", form index, field): [messages]}."""
    assert response.status_code == 200, "expected the form back with errors"
    found = {}
    for formset in response.context["inline_admin_formsets"]:
        for index, form in enumerate(formset.formset.forms):
            for name, messages in form.errors.items():
                found[(formset.formset.prefix, index, name)] = list(messages)
    return found


@pytest.fixture
def practice(make_practice, make_step, make_metric, editor, client):
    practice = make_practice(status=Status.DRAFT)
    first = make_step(practice, 1, name="一口受理")
    make_step(practice, 2, name="分派")
    make_metric(practice, first)
    client.force_login(editor)
    return practice


def test_a_paraphrased_quote_and_a_wrong_number_are_refused_on_their_fields(
    client, practice
):
    data = change_form(
        practice,
        steps={0: {"source_quote": "十四个部门入驻办公"}},
        metrics={0: {"value": "12", "source_quote": "14个部门入驻办公"}},
    )
    errors = field_errors(post(client, practice, data))
    assert (
        "is not found in the practice's sources"
        in (errors[("steps", 0, "source_quote")][0])
    )
    assert errors[("metrics", 0, "value")] == ["12 does not appear in the quote."]
    assert Step.objects.get(practice=practice, position=1).source_quote == (
        "14个部门入驻办公"
    )


def test_a_figure_whose_quote_is_not_in_the_source_is_refused(client, practice):
    data = change_form(practice, metrics={0: {"source_quote": "十七起"}})
    errors = field_errors(post(client, practice, data))
    assert ("metrics", 0, "source_quote") in errors
    assert ("metrics", 0, "value") in errors  # 14 is not in 十七起 either


def test_the_quote_is_checked_against_the_sources_chosen_in_the_same_save(
    client, practice, make_practice
):
    other_source = make_practice().sources.get()
    data = change_form(practice)
    data["sources"] = [other_source.pk]
    other_source.text = "另一篇文章，与此无关。"
    other_source.save()
    errors = field_errors(post(client, practice, data))
    assert ("steps", 0, "source_quote") in errors


def test_two_steps_as_each_others_parent_is_refused(client, practice):
    first, second = practice.steps.order_by("pk")
    data = change_form(
        practice, steps={0: {"parent_id": second.pk}, 1: {"parent_id": first.pk}}
    )
    errors = field_errors(post(client, practice, data))
    assert "loop" in errors[("steps", 0, "parent")][0]
    assert "loop" in errors[("steps", 1, "parent")][0]
    assert practice.steps.filter(parent__isnull=True).count() == 2
    assert client.get(practice.get_absolute_url()).status_code == 404  # a draft
    assert client.get(change_url(practice)).status_code == 200


@pytest.mark.parametrize("positions", [(2, 1), (1, 1), (5, 9)])
def test_steps_are_saved_in_any_order_and_renumbered(client, practice, positions):
    data = change_form(
        practice,
        steps={0: {"position": positions[0]}, 1: {"position": positions[1]}},
    )
    response = post(client, practice, data)
    assert response.status_code == 302
    order = list(practice.steps.order_by("position").values_list("name", "position"))
    if positions == (2, 1):
        assert order == [("分派", 1), ("一口受理", 2)]
    else:
        assert order == [("一口受理", 1), ("分派", 2)]


def test_a_new_step_without_a_position_goes_last(client, practice):
    data = change_form(
        practice,
        steps={
            2: {
                "name": "反馈",
                "position": "",
                "source_quote": "1天完成分派",
                "kind": "stage",
            }
        },  # fmt: skip
    )
    assert post(client, practice, data).status_code == 302
    assert list(practice.steps.order_by("position").values_list("name", flat=True)) == [
        "一口受理",
        "分派",
        "反馈",
    ]


def test_a_figure_cannot_name_a_step_of_another_practice(
    client, practice, make_practice, make_step
):
    foreign = make_step(make_practice(), name="别处")
    data = change_form(practice, metrics={0: {"step_id": foreign.pk}})
    errors = field_errors(post(client, practice, data))
    assert errors[("metrics", 0, "step")] == ["This step belongs to another practice."]
    assert Metric.objects.get(practice=practice).step.practice == practice


def test_a_figure_cannot_keep_a_step_deleted_in_the_same_save(client, practice):
    data = change_form(practice, steps={0: {"DELETE": "on"}})
    errors = field_errors(post(client, practice, data))
    assert "deleted in this same save" in errors[("metrics", 0, "step")][0]
    assert practice.steps.count() == 2


def test_pickers_offer_only_the_practices_own_steps(
    client, practice, make_practice, make_step
):
    make_step(make_practice(), name="别处的步骤")
    page = client.get(change_url(practice)).content.decode()
    assert "1 一口受理" in page and "2 分派" in page
    assert "别处的步骤" not in page


def test_steps_nest_only_to_the_depth_limit(client, practice, make_step):
    parent = practice.steps.get(position=2)
    for level in range(MAX_STEP_DEPTH - 1):
        parent = make_step(practice, 1, parent=parent, name=f"层{level}")
    practice.status = Status.PUBLISHED
    practice.save()
    assert client.get(practice.get_absolute_url()).status_code == 200
    practice.status = Status.DRAFT
    practice.save()
    steps = list(practice.steps.order_by("pk"))
    data = change_form(practice, steps={len(steps): {
        "name": "太深", "position": 1, "parent_id": steps[-1].pk,
        "source_quote": "1天完成分派",
    }})  # fmt: skip
    errors = field_errors(post(client, practice, data))
    assert errors[("steps", len(steps), "parent")] == [
        f"Steps may nest at most {MAX_STEP_DEPTH} levels deep."
    ]


def test_no_admin_page_edits_a_step_on_its_own(client, practice, reviewer):
    step = practice.steps.first()
    client.force_login(reviewer)
    for url in [
        f"/admin/practices/step/{step.pk}/change/",
        "/admin/practices/step/",
        f"/admin/practices/metric/{practice.metrics.get().pk}/change/",
    ]:
        assert client.get(url).status_code == 404


def test_rule_messages_are_in_chinese_in_the_chinese_admin(client, practice):
    del client.defaults["HTTP_ACCEPT_LANGUAGE"]
    data = change_form(practice, metrics={0: {"value": "12"}})
    errors = field_errors(post(client, practice, data))
    assert errors[("metrics", 0, "value")] == ["引文中没有 12 这个数字。"]


def test_a_cited_sources_text_cannot_be_edited_but_its_title_can(
    client, practice, reviewer
):
    source = practice.sources.get()
    client.force_login(reviewer)
    url = reverse("admin:practices_sourcedocument_change", args=[source.pk])
    response = client.post(
        url,
        {"slug": source.slug, "title": "新标题", "script": "hans", "text": "改写"},
    )
    assert response.status_code == 302
    source.refresh_from_db()
    assert source.title == "新标题" and source.text != "改写"


def test_line_breaks_from_the_browser_are_stored_as_in_the_source(client, practice):
    data = change_form(practice, steps={0: {"source_quote": "14个部门\r\n入驻办公"}})
    assert post(client, practice, data).status_code == 302
    assert practice.steps.get(position=1).source_quote == "14个部门\n入驻办公"


def test_the_step_forms_list_top_level_steps_first(client, practice, make_step):
    make_step(practice, 1, parent=practice.steps.get(position=2), name="子步骤")
    page = client.get(change_url(practice)).content.decode()
    assert page.index("一口受理") < page.index("子步骤")
