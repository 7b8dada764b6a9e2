"""The import preview shows the content about to be written: steps as a tree with
quotes, figures and actors, each error beside its item; an editor may take items
out before confirming."""

import base64
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from casefiles.preview_tree import drop_paths
from practices.models import Practice

from .test_casefile import encode, good_file

pytestmark = pytest.mark.django_db
IMPORT = "admin:practices_practice_import"


@pytest.fixture(autouse=True)
def english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def upload(client, document):
    file = SimpleUploadedFile("cases.json", encode(document))
    return client.post(reverse(IMPORT), {"case_file": file})


def item_html(page, path):
    """The <li> of the item at `path` in the preview, up to its first child list."""
    match = re.search(rf'<li id="item-{re.escape(path)}">(.*?)</li>', page, re.S)
    assert match, path
    return match.group(1)


def test_the_preview_shows_steps_quotes_figures_and_actors(client, editor):
    client.force_login(editor)
    page = upload(client, good_file()).content.decode()
    step = item_html(page, "practices[0].steps[0]")
    assert "报单" in step and "社区1天内完成分派" in step
    figure = item_html(page, "practices[0].steps[0].metrics[0]")
    assert "分派时限" in figure and "at most 1 天" in figure and "time limit" in figure
    assert "社区 · carries out" in page
    nested = item_html(page, "practices[0].steps[0].steps[0]")
    assert "分类" in nested
    assert page.count('name="drop"') == 6  # 4 steps and figures, 1 actor, 1 sub-step


def test_each_error_stands_beside_its_item(client, editor):
    document = good_file()
    document["practices"][0]["steps"][1]["metrics"][0]["source_quote"] = "捏造的引文"
    client.force_login(editor)
    page = upload(client, document).content.decode()
    figure = item_html(page, "practices[0].steps[1].metrics[0]")
    assert "practices[0].steps[1].metrics[0].source_quote" in figure
    assert "not found in the practice&#x27;s sources" in figure
    assert 'name="drop"' not in page  # nothing to confirm while there are errors


def test_items_ticked_remove_are_left_out_of_the_import(client, editor):
    client.force_login(editor)
    content = encode(good_file())
    client.post(
        reverse(IMPORT),
        {
            "confirm": "1",
            "content": base64.b64encode(content).decode(),
            "drop": ["practices[0].steps[1]", "practices[0].steps[0].steps[0]"],
        },
    )
    practice = Practice.objects.get(slug="liudan-1")
    assert [s.name for s in practice.steps.all()] == ["报单"]
    assert not practice.metrics.filter(name="办理时限").exists()  # went with its step


def test_drop_paths_takes_out_several_items_of_one_list():
    document = {"practices": [{"steps": [{"name": n} for n in "abcde"]}]}
    kept = drop_paths(
        document,
        ["practices[0].steps[1]", "practices[0].steps[3]", "sources[0]", "nonsense"],
    )
    assert [s["name"] for s in kept["practices"][0]["steps"]] == ["a", "c", "e"]
    assert len(document["practices"][0]["steps"]) == 5  # the original is untouched


def test_reimporting_the_seed_library_changes_nothing(seed_library):
    """An actor written in Traditional script in its file (區直部門) is the library's
    one actor 区直部门: the preview shows no change."""
    from casefiles.loader import read_case_file

    from ..conftest import SEED_CASE_FILES

    for path in SEED_CASE_FILES:
        preview = read_case_file(path.read_bytes())
        assert not preview.errors, path.name
        assert [p.changes for p in preview.practices if p.changes] == [], path.name
