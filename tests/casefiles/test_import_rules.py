"""Imports keep the library true: status only by a reviewer's act, stable ids, sources
as evidence, every error at once in the user's language, limits on every path."""

import base64
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from casefiles.loader import import_case_file, read_case_file
from casefiles.writer import dump_case_file, export_case_file
from practices.choices import Status
from practices.models import Metric, Practice, SourceDocument, Step

from ..conftest import SEED_CASE_FILES
from .test_casefile import (
    database_state,
    encode,
    good_file,
    rejected,
    round_trip,
)

pytestmark = pytest.mark.django_db
IMPORT = "admin:practices_practice_import"


@pytest.fixture(autouse=True)
def english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


def published_practice():
    import_case_file(encode(good_file()), status=Status.PUBLISHED)
    return Practice.objects.get(slug="liudan-1")


def admin_import(client, content):
    """Upload, then confirm, as the import page's two forms do; returns the preview."""
    upload = SimpleUploadedFile("cases.json", content)
    page = client.post(reverse(IMPORT), {"case_file": upload})
    preview = page.context["preview"]
    if preview.ok:
        encoded = base64.b64encode(content).decode()
        client.post(reverse(IMPORT), {"confirm": "1", "content": encoded})
    return preview


def test_an_editor_reimporting_an_export_keeps_the_practice_published(client, editor):
    practice = published_practice()
    exported = dump_case_file(export_case_file([practice])).encode()
    client.force_login(editor)
    preview = admin_import(client, exported)
    assert [p.change_label for p in preview.practices] == ["unchanged"]
    assert preview.practices[0].changes == []
    practice.refresh_from_db()
    assert practice.status == Status.PUBLISHED


def test_a_file_without_status_keeps_the_stored_status(client, reviewer):
    practice = published_practice()
    document = good_file()
    document["practices"][0]["title"] = "六单工作法（修订）"
    client.force_login(reviewer)
    preview = admin_import(client, encode(document))
    assert preview.practices[0].status == Status.PUBLISHED
    assert preview.practices[0].changes == ["title: 六单工作法 → 六单工作法（修订）"]
    practice.refresh_from_db()
    assert practice.status == Status.PUBLISHED
    assert practice.title == "六单工作法（修订）"


def test_an_editors_import_into_a_published_practice_waits_for_review(client, editor):
    practice = published_practice()
    document = good_file()
    document["practices"][0]["title"] = "六单工作法（修订）"
    client.force_login(editor)
    preview = admin_import(client, encode(document))
    assert preview.practices[0].held
    practice.refresh_from_db()
    assert practice.title == "六单工作法"
    [proposal] = practice.revisions.pending()
    assert proposal.created_by == editor
    assert proposal.content["title"] == "六单工作法（修订）"


def test_an_editor_cannot_unpublish_through_a_file(client, editor):
    published_practice()
    document = good_file()
    document["practices"][0]["status"] = "draft"
    client.force_login(editor)
    preview = admin_import(client, encode(document))
    assert preview.errors == [
        (
            "practices[0].status",
            "Only reviewers can take a published practice off the public site.",
        )
    ]
    assert Practice.objects.get().status == Status.PUBLISHED


def test_the_preview_says_exactly_what_changes():
    published_practice()
    document = good_file()
    document["practices"][0]["status"] = "draft"
    steps = document["practices"][0]["steps"]
    steps[1]["source_quote"] = "部门3个工作日内办理完成"
    steps[1]["metrics"][0]["value_max"] = None
    steps[1]["metrics"][0]["source_quote"] = "部门3个工作日内办理完成"
    del steps[0]["steps"]
    [plan] = read_case_file(encode(document)).practices
    assert plan.changes == [
        "status: published → draft",
        "step 1.1 removed: 分类",
        "step 2 接单: source_quote 部门3个工作日内\n办理完成 → 部门3个工作日内办理完成",
        "step 2, figure 1: source_quote 3个工作日内办理完成，复杂事项15个工作日内办结"
        " → 部门3个工作日内办理完成",
        "step 2, figure 1: value_max 15 → —",
    ]


def test_reimporting_keeps_the_ids_of_steps_and_figures():
    practice = published_practice()
    step_ids = sorted(Step.objects.values_list("pk", flat=True))
    metric_ids = sorted(Metric.objects.values_list("pk", flat=True))
    import_case_file(encode(good_file()))
    assert sorted(Step.objects.values_list("pk", flat=True)) == step_ids
    assert sorted(Metric.objects.values_list("pk", flat=True)) == metric_ids
    document = good_file()
    steps = document["practices"][0]["steps"]
    steps[1]["name"] = "接单（改）"
    steps.append({"name": "督单", "source_quote": "复杂事项15个工作日内办结"})
    import_case_file(encode(document))
    assert set(step_ids) < set(Step.objects.values_list("pk", flat=True))
    assert practice.steps.get(pk=step_ids[-1]).name in {"接单（改）", "分类"}
    assert sorted(Metric.objects.values_list("pk", flat=True)) == metric_ids


def test_a_file_cannot_rewrite_the_text_of_a_cited_source():
    published_practice()
    document = good_file()
    document["sources"][0]["text"] = document["sources"][0]["text"] + "（补充）"
    document["sources"][0]["title"] = "新标题"
    [(path, message)] = rejected(document)
    assert path == "sources[0].text"
    assert "liudan-1" in message and "cannot change" in message
    assert SourceDocument.objects.get().title == "环环相扣"


def test_a_sources_metadata_may_be_corrected():
    published_practice()
    document = good_file()
    document["sources"][0]["title"] = "环环相扣（标题更正）"
    import_case_file(encode(document))
    assert SourceDocument.objects.get().title == "环环相扣（标题更正）"


def test_every_error_of_a_file_in_one_pass():
    document = good_file(2)
    document["practices"][0]["steps"][0]["metrics"][0]["value"] = "三"  # shape
    document["practices"][0]["region"] = "火星"  # reference
    document["practices"][1]["steps"][1]["source_quote"] = "没有这句话"  # provenance
    paths = [path for path, _message in rejected(document)]
    assert paths == [
        "practices[0].steps[0].metrics[0].value",
        "practices[0].region",
        "practices[1].steps[1].source_quote",
    ]


def test_messages_are_in_the_users_language(client, editor):
    del client.defaults["HTTP_ACCEPT_LANGUAGE"]
    document = good_file()
    document["practices"][0]["steps"][0]["metrics"][0]["value"] = 2
    document["practices"][0]["year_started"] = "2019"
    client.force_login(editor)
    with translation.override(None):
        preview = admin_import(client, encode(document))
    messages = dict(preview.errors)
    assert messages["practices[0].steps[0].metrics[0].value"] == (
        "引文中没有 2 这个数字。"
    )
    assert messages["practices[0].year_started"] == "应为整数，实为文本 '2019'"


def test_a_truncated_file_says_so():
    content = encode(good_file())
    cut = content[: content.index("报单".encode()) + 1]
    [(path, message)] = rejected(cut)
    assert path == "(file)" and "cut short" in message
    [(path, message)] = rejected(content[:-40])
    assert message.startswith("is not valid JSON at line 1")


def test_a_file_nested_hundreds_deep_is_refused_with_a_message(client, editor):
    step = '{"name": "再分", "source_quote": "群众点单后", "steps": ['
    text = json.dumps(good_file(), ensure_ascii=False).replace(
        '"steps": [{"name": "分类", "source_quote": "群众点单后"}]',
        '"steps": [' + step * 200 + "]}" * 200 + "]",
    )
    client.force_login(editor)
    preview = admin_import(client, text.encode())
    [(path, message)] = preview.errors
    assert message == "Steps may nest at most 12 levels deep."
    assert path.count(".steps[") == 13
    deeper = text.replace(step * 200 + "]}" * 200, step * 500 + "]}" * 500)
    [(path, message)] = rejected(deeper.encode())
    assert message == (
        "is nested too deeply to be read (steps may nest at most 12 levels deep)"
    )


def test_the_command_has_the_admins_size_limit(tmp_path, settings):
    settings.CASE_FILE_MAX_BYTES = 100
    path = tmp_path / "big.json"
    path.write_bytes(encode(good_file()))
    with pytest.raises(CommandError, match="over the limit of 100"):
        call_command("import_cases", str(path), max_bytes=100)
    out = io.StringIO()
    call_command("import_cases", str(path), max_bytes=10**6, stdout=out)
    assert "imported 1 practice(s)" in out.getvalue()


def test_the_command_reports_success_only_after_the_commit(tmp_path):
    good, bad = tmp_path / "good.json", tmp_path / "bad.json"
    good.write_bytes(encode(good_file()))
    document = good_file()
    document["practices"][0]["slug"] = "other"
    document["practices"][0]["region"] = "火星"
    bad.write_bytes(encode(document))
    out, err = io.StringIO(), io.StringIO()
    before = database_state()
    with pytest.raises(CommandError):
        call_command("import_cases", str(good), str(bad), stdout=out, stderr=err)
    assert out.getvalue() == ""
    assert "火星" in err.getvalue()
    assert database_state() == before


def test_the_library_export_round_trips_after_admin_edits(client, reviewer):
    from ..practices.test_write_rules import change_form, post

    for path in SEED_CASE_FILES:
        import_case_file(path.read_bytes())
    practice = Practice.objects.get(slug="hongjiang-liudan-gongzuofa")
    first, second = practice.steps.filter(parent=None).order_by("position")[:2]
    client.force_login(reviewer)
    steps = list(practice.steps.order_by("pk"))
    data = change_form(practice, steps={
        steps.index(first): {"position": 2}, steps.index(second): {"position": 1},
    })  # fmt: skip
    data["themes"] = [t.pk for t in practice.themes.all()]
    data["involvements-TOTAL_FORMS"] = data["involvements-INITIAL_FORMS"] = "0"
    assert post(client, practice, data).status_code == 302
    exported, again = round_trip()
    assert again == exported
    liudan = json.loads(again)["practices"]
    [liudan] = [p for p in liudan if p["slug"] == "hongjiang-liudan-gongzuofa"]
    assert liudan["steps"][0]["name"] == second.name
