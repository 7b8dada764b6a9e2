"""Admin data entry for editors, and the review workflow (publishing is server-side)."""

import pytest
from django.urls import reverse

from practices.choices import Status
from practices.models import Practice, Region, Theme

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_admin(client):
    """Most messages are checked in English; one test checks the Chinese default."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


CHANGELIST = "admin:practices_practice_changelist"


def practice_form(region, **overrides):
    """The POST of the practice change page, with one step and one metric inline."""
    data = {
        "title": "六单工作法",
        "alias": "",
        "slug": "liudan",
        "status": Status.DRAFT,
        "region": region.pk,
        "implementing_level": "county",
        "year_started": "",
        "summary": "群众点单，社区报单。",
        "problem": "",
        "outcomes": "",
        "themes": [Theme.objects.get(slug="public-appeals").pk],
        "sources": [],
        "steps-TOTAL_FORMS": "1",
        "steps-INITIAL_FORMS": "0",
        "steps-0-position": "1",
        "steps-0-name": "点单",
        "steps-0-description": "",
        "steps-0-source_quote": "1天完成分派",
        "steps-0-kind": "stage",
        "involvements-TOTAL_FORMS": "0",
        "involvements-INITIAL_FORMS": "0",
        "metrics-TOTAL_FORMS": "1",
        "metrics-INITIAL_FORMS": "0",
        "metrics-0-name": "办理时限",
        "metrics-0-kind": "time_limit",
        "metrics-0-qualifier": "at_most",
        "metrics-0-value": "3",
        "metrics-0-unit": "天",
        "metrics-0-source_quote": "3天~5天完成处置",
    }
    data.update(overrides)
    return data


@pytest.fixture
def source(make_practice):
    return make_practice().sources.get()


def test_editor_sees_changelist_with_filters_and_search(client, editor, make_practice):
    make_practice(title="梳网清格")
    client.force_login(editor)
    response = client.get(reverse(CHANGELIST), {"q": "寿光"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "梳网清格" in page  # found by its region's name
    for parameter in [
        "status__exact",
        "province=",
        "themes__id__exact",
        "level__exact",
    ]:
        assert parameter in page  # each filter offers its choices as links
    assert reverse("admin:practices_practice_import") in page


def test_province_filter(client, editor, make_practice):
    hongjiang = Region.objects.get(code="431271")
    make_practice(title="六单工作法", region=hongjiang)
    make_practice(title="寿光路径")
    hunan = Region.objects.get(name="湖南省", depth=1)
    client.force_login(editor)
    page = client.get(reverse(CHANGELIST), {"province": hunan.pk}).content.decode()
    assert "六单工作法" in page and "寿光路径" not in page


def test_editor_adds_a_practice_with_inlines(client, editor, region, source):
    client.force_login(editor)
    add_url = reverse("admin:practices_practice_add")
    assert client.get(add_url).status_code == 200
    response = client.post(add_url, practice_form(region, sources=[source.pk]))
    assert response.status_code == 302, response.context["errors"]
    practice = Practice.objects.get(slug="liudan")
    assert practice.status == Status.DRAFT
    assert practice.created_by == editor and practice.updated_by == editor
    assert practice.steps.get().name == "点单"
    assert practice.metrics.get().unit == "天"


def test_editor_changes_a_practice(client, editor, reviewer, make_practice, make_step):
    practice = make_practice(status=Status.DRAFT, created_by=reviewer)
    make_step(practice)
    client.force_login(editor)
    url = reverse("admin:practices_practice_change", args=[practice.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "一口受理" in page.content.decode()  # the step inline
    data = practice_form(
        practice.region,
        slug=practice.slug,
        title="新的标题",
        sources=[practice.sources.get().pk],
        **{"steps-TOTAL_FORMS": "0", "metrics-TOTAL_FORMS": "0"},
    )
    data.update({"steps-INITIAL_FORMS": "0"})
    data["steps-TOTAL_FORMS"] = "1"
    data["steps-INITIAL_FORMS"] = "1"
    data["steps-0-id"] = practice.steps.get().pk
    data["steps-0-practice"] = practice.pk
    data["steps-0-name"] = "一口受理"
    response = client.post(url, data)
    assert response.status_code == 302
    practice.refresh_from_db()
    assert practice.title == "新的标题"
    assert practice.created_by == reviewer and practice.updated_by == editor


def test_editor_cannot_publish_even_with_a_forged_post(client, editor, region, source):
    client.force_login(editor)
    add_url = reverse("admin:practices_practice_add")
    data = practice_form(region, sources=[source.pk], status=Status.PUBLISHED)
    response = client.post(add_url, data)
    assert response.status_code == 200
    assert "Only reviewers can publish." in response.content.decode()
    assert not Practice.objects.filter(slug="liudan").exists()


def test_the_publish_refusal_is_in_chinese_by_default(client, editor, region, source):
    del client.defaults["HTTP_ACCEPT_LANGUAGE"]
    client.force_login(editor)
    data = practice_form(region, sources=[source.pk], status=Status.PUBLISHED)
    response = client.post(reverse("admin:practices_practice_add"), data)
    assert "只有审核人" in response.content.decode()


def run_action(client, action, practice):
    """Post an admin list action on one practice; the practice is then refreshed."""
    response = client.post(
        reverse(CHANGELIST), {"action": action, "_selected_action": [practice.pk]}
    )
    practice.refresh_from_db()
    return response


def test_editor_cannot_publish_with_the_action(client, editor, make_practice):
    practice = make_practice(status=Status.IN_REVIEW)
    client.force_login(editor)
    response = run_action(client, "publish", practice)
    assert practice.status == Status.IN_REVIEW
    assert response.status_code in (200, 302)


def test_editor_cannot_unpublish(client, editor, make_practice):
    practice = make_practice(status=Status.PUBLISHED)
    client.force_login(editor)
    run_action(client, "send_back_to_draft", practice)
    assert practice.status == Status.PUBLISHED


def test_editor_submits_for_review(client, editor, make_practice):
    practice = make_practice(status=Status.DRAFT)
    client.force_login(editor)
    run_action(client, "submit_for_review", practice)
    assert practice.status == Status.IN_REVIEW
    assert practice.updated_by == editor


def test_reviewer_publishes_from_the_form_and_the_action(
    client, reviewer, region, source, make_practice
):
    client.force_login(reviewer)
    data = practice_form(region, sources=[source.pk], status=Status.PUBLISHED)
    response = client.post(reverse("admin:practices_practice_add"), data)
    assert response.status_code == 302
    assert Practice.objects.get(slug="liudan").status == Status.PUBLISHED
    waiting = make_practice(status=Status.IN_REVIEW)
    run_action(client, "publish", waiting)
    assert waiting.status == Status.PUBLISHED
    assert waiting.updated_by == reviewer


def test_inline_rejects_a_parent_step_of_another_practice(
    client, editor, make_practice, make_step
):
    practice = make_practice(status=Status.DRAFT)
    foreign = make_step(make_practice(), name="别处的步骤")
    client.force_login(editor)
    url = reverse("admin:practices_practice_change", args=[practice.pk])
    data = practice_form(
        practice.region, slug=practice.slug, sources=[practice.sources.get().pk]
    )
    data.update({"steps-0-parent": foreign.pk, "metrics-TOTAL_FORMS": "0"})
    response = client.post(url, data)
    assert response.status_code == 200
    assert "The parent step belongs to another practice." in response.content.decode()


def test_staff_groups_exist_with_their_permissions(editor, reviewer):
    assert not editor.has_perm("practices.publish_practice")
    assert editor.has_perm("practices.change_practice")
    assert editor.has_perm("practices.add_metric")
    assert reviewer.has_perm("practices.publish_practice")
