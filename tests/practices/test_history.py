"""Reviewed changes and history: an editor's change to a published practice waits for
a reviewer; every change is recorded with who, when and what; a restore brings an
earlier version back through the same rules."""

import pytest
from django.urls import reverse

from practices.choices import RevisionAction, Status
from practices.models import PracticeRevision

from .test_write_rules import change_form, post

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_admin(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def published(make_practice, make_step, make_metric):
    practice = make_practice(title="一口受理法", status=Status.PUBLISHED)
    step = make_step(practice, 1, name="一口受理")
    make_metric(practice, step)
    return practice


def history_url(practice):
    return reverse("admin:practices_practice_history", args=[practice.pk])


def public_titles(client, practice):
    page = client.get(practice.get_absolute_url())
    assert page.status_code == 200
    return page.content.decode()


def edit(client, practice, title="一口受理法（修订）", step_name="统一受理"):
    data = change_form(practice, steps={0: {"name": step_name}})
    data["title"] = title
    return post(client, practice, data)


def act(client, practice, revision, action):
    return client.post(
        history_url(practice), {"revision": revision.pk, "action": action}
    )


def test_an_editors_change_to_a_published_practice_waits_for_review(
    client, editor, published
):
    client.force_login(editor)
    response = edit(client, published)
    assert response.status_code == 302 and response.url == history_url(published)
    published.refresh_from_db()
    assert published.title == "一口受理法"
    assert published.steps.get().name == "一口受理"
    page = public_titles(client, published)
    assert "一口受理法（修订）" not in page and "统一受理" not in page
    [proposal] = published.revisions.pending()
    assert proposal.created_by == editor
    history = client.get(history_url(published)).content.decode()
    assert "title: 一口受理法 → 一口受理法（修订）" in history
    assert "step 1 统一受理: name 一口受理 → 统一受理" in history
    assert "waits for a reviewer" in history
    assert act(client, published, proposal, "approve").status_code == 403


def test_a_reviewer_approves_and_the_public_page_changes(
    client, editor, reviewer, published
):
    client.force_login(editor)
    edit(client, published)
    [proposal] = published.revisions.pending()
    step_id = published.steps.get().pk
    client.force_login(reviewer)
    page = client.get(history_url(published)).content.decode()
    assert "Approve and publish this change" in page
    act(client, published, proposal, "approve")
    published.refresh_from_db()
    assert published.title == "一口受理法（修订）"
    assert published.steps.get().pk == step_id  # updated in place
    assert "统一受理" in public_titles(client, published)
    proposal.refresh_from_db()
    assert proposal.approved and proposal.decided_by == reviewer
    assert published.revisions.filter(action=RevisionAction.APPROVED).count() == 1
    assert "already been decided" in (
        client.post(
            history_url(published),
            {"revision": proposal.pk, "action": "approve"},
            follow=True,
        ).content.decode()
    )


def test_a_rejected_change_leaves_the_practice_as_it_was(
    client, editor, reviewer, published
):
    client.force_login(editor)
    edit(client, published)
    [proposal] = published.revisions.pending()
    client.force_login(reviewer)
    act(client, published, proposal, "reject")
    published.refresh_from_db()
    assert published.title == "一口受理法"
    proposal.refresh_from_db()
    assert proposal.approved is False and not published.revisions.pending()


def test_a_reviewers_own_change_applies_and_is_recorded(client, reviewer, published):
    client.force_login(reviewer)
    assert edit(client, published).status_code == 302
    published.refresh_from_db()
    assert published.title == "一口受理法（修订）"
    baseline, revision = published.revisions.order_by("pk")
    assert baseline.action == RevisionAction.BASELINE  # as it was before any change
    assert baseline.content["title"] == "一口受理法"
    assert revision.action == RevisionAction.EDITED and revision.created_by == reviewer
    assert revision.content["steps"][0]["name"] == "统一受理"


def test_the_history_shows_every_change_and_a_restore_brings_one_back(
    client, reviewer, published
):
    client.force_login(reviewer)
    edit(client, published, title="第一次修订", step_name="第一次")
    edit(client, published, title="第二次修订", step_name="第二次")
    _baseline, first, second = published.revisions.order_by("pk")
    page = client.get(history_url(published)).content.decode()
    assert "title: 第一次修订 → 第二次修订" in page
    assert "name 第一次 → 第二次" in page
    act(client, published, first, "restore")
    published.refresh_from_db()
    assert published.title == "第一次修订"
    assert published.steps.get().name == "第一次"
    assert published.status == Status.PUBLISHED
    latest = published.revisions.order_by("pk").last()
    assert latest.action == RevisionAction.RESTORED
    assert "第一次" in public_titles(client, published)


def test_an_editors_restore_of_a_published_practice_is_a_proposal(
    client, editor, reviewer, published
):
    client.force_login(reviewer)
    edit(client, published, title="第一次修订")
    edit(client, published, title="第二次修订")
    first = published.revisions.order_by("pk")[1]
    client.force_login(editor)
    act(client, published, first, "restore")
    published.refresh_from_db()
    assert published.title == "第二次修订"
    assert published.revisions.pending().get().content["title"] == "第一次修订"


def test_edits_to_drafts_apply_and_review_acts_are_recorded(
    client, editor, reviewer, make_practice, make_step
):
    draft = make_practice(status=Status.DRAFT)
    make_step(draft)
    client.force_login(editor)
    assert edit(client, draft, title="草稿修订").status_code == 302
    draft.refresh_from_db()
    assert draft.title == "草稿修订"
    client.force_login(reviewer)
    client.post(
        reverse("admin:practices_practice_changelist"),
        {"action": "publish", "_selected_action": [draft.pk]},
    )
    actions = list(draft.revisions.order_by("pk").values_list("action", "created_by"))
    assert actions == [
        (RevisionAction.BASELINE, None),
        (RevisionAction.EDITED, editor.pk),
        (RevisionAction.STATUS, reviewer.pk),
    ]
    assert PracticeRevision.objects.get(action="status").content["status"] == (
        "published"
    )


def test_an_editor_saving_without_changes_proposes_nothing(client, editor, published):
    client.force_login(editor)
    response = post(client, published, change_form(published))
    assert response.status_code == 302
    assert not published.revisions.pending().exists()
    assert published.revisions.get().action == RevisionAction.BASELINE


def test_the_first_change_of_an_older_practice_can_be_undone(
    client, reviewer, published
):
    client.force_login(reviewer)
    edit(client, published, title="改了")
    baseline = published.revisions.get(action=RevisionAction.BASELINE)
    act(client, published, baseline, "restore")
    published.refresh_from_db()
    assert published.title == "一口受理法"
    assert published.steps.get().name == "一口受理"


def test_the_change_page_says_a_proposal_is_waiting(client, editor, published):
    client.force_login(editor)
    edit(client, published)
    url = reverse("admin:practices_practice_change", args=[published.pk])
    assert "A proposed change waits for review" in client.get(url).content.decode()
