"""Case files: the seed library loads; bad files give every error and write nothing."""

import copy
import json

import pytest
from django.utils import translation

from casefiles.loader import CaseFileRejected, import_case_file, read_case_file
from casefiles.writer import dump_case_file, export_case_file
from practices.choices import Status
from practices.copy_in import RowWriter
from practices.models import (
    Actor,
    Involvement,
    Metric,
    Practice,
    SourceDocument,
    Step,
)

from ..conftest import SEED_CASE_FILES

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Messages are checked in English; the Chinese ones in test_loader_messages.py."""
    with translation.override("en"):
        yield


TEXT = (
    "群众点单后，社区1天内完成分派，部门3个工作日内办理完成，复杂事项15个工作日内办结。"
)


def good_file(practice_count=1):
    practices = [
        {
            "slug": f"liudan-{n}",
            "title": "六单工作法",
            "region": "湖南省/怀化市/洪江区",
            "implementing_level": "county",
            "summary": "群众点单、社区报单。",
            "themes": ["party-building", "public-appeals"],
            "sources": ["hongjiang"],
            "steps": [
                {
                    "name": "报单",
                    "source_quote": "社区1天内完成分派",
                    "involvements": [{"actor": "社区", "role": "carries_out"}],
                    "metrics": [
                        {
                            "name": "分派时限",
                            "value": 1,
                            "qualifier": "at_most",
                            "unit": "天",
                            "kind": "time_limit",
                            "source_quote": "社区1天内完成分派",
                        }
                    ],
                    "steps": [{"name": "分类", "source_quote": "群众点单后"}],
                },
                {
                    "name": "接单",
                    "source_quote": "部门3个工作日内\n办理完成",
                    "metrics": [
                        {
                            "name": "办理时限",
                            "value": 3,
                            "value_max": 15,
                            "unit": "工作日",
                            "kind": "time_limit",
                            "source_quote": "3个工作日内办理完成，"
                            "复杂事项15个工作日内办结",
                        }
                    ],
                },
            ],
        }
        for n in range(1, practice_count + 1)
    ]
    return {
        "format": "govcases-case-file",
        "version": 1,
        "sources": [
            {"key": "hongjiang", "title": "环环相扣", "script": "hans", "text": TEXT}
        ],
        "actors": [{"name": "社区", "kind": "community_committee", "level": "village"}],
        "practices": practices,
    }


def encode(document):
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


def database_state():
    """Everything a case file can write, to compare before and after."""
    return {
        model.__name__: sorted(map(repr, model.objects.values()))
        for model in (Practice, Step, Involvement, Metric, Actor, SourceDocument)
    }


def rejected(document_or_bytes):
    content = (
        document_or_bytes
        if isinstance(document_or_bytes, bytes)
        else encode(document_or_bytes)
    )
    before = database_state()
    with pytest.raises(CaseFileRejected) as exc:
        import_case_file(content)
    assert database_state() == before, "a rejected file must write nothing"
    return exc.value.errors


def test_a_good_file_imports_with_nested_steps_and_parts():
    preview = import_case_file(encode(good_file()))
    assert [p.change_label for p in preview.practices] == ["new"]
    practice = Practice.objects.get(slug="liudan-1")
    assert practice.status == Status.DRAFT
    top = practice.steps.filter(parent=None).order_by("position")
    assert [s.name for s in top] == ["报单", "接单"]
    assert [s.name for s in top[0].children.all()] == ["分类"]
    assert practice.metrics.get(name="办理时限").value_max == 15
    assert practice.involvements.get().actor.kind == "community_committee"


def test_reimport_updates_in_place_and_the_preview_says_so():
    import_case_file(encode(good_file()))
    first_id = Practice.objects.get().pk
    assert read_case_file(encode(good_file())).practices[0].change_label == "unchanged"
    changed = good_file()
    changed["practices"][0]["title"] = "六单工作法（修订）"
    assert read_case_file(encode(changed)).practices[0].change_label == "changed"
    import_case_file(encode(changed))
    practice = Practice.objects.get()
    assert practice.pk == first_id and practice.title == "六单工作法（修订）"
    assert practice.steps.count() == 3  # replaced, not duplicated


def test_malformed_json():
    errors = rejected(b'{"format": "govcases-case-file",, }')
    assert errors == [
        (
            "(file)",
            "is not valid JSON at line 1 column 33: a field name in double quotes "
            "was expected",
        )
    ]


def test_not_utf8():
    assert rejected("六单".encode("gbk"))[0][0] == "(file)"


def test_wrong_types_are_all_reported_with_paths():
    document = good_file()
    practice = document["practices"][0]
    practice["steps"][0]["metrics"][0]["value"] = "三"
    practice["year_started"] = "2019"
    practice["themes"] = "party-building"
    practice["steps"][1]["colour"] = "red"
    errors = dict(rejected(document))
    assert (
        errors["practices[0].steps[0].metrics[0].value"]
        == "must be a number, got text '三'"
    )
    assert (
        errors["practices[0].year_started"] == "must be a whole number, got text '2019'"
    )
    assert errors["practices[0].themes"] == "must be a list, got text"
    assert errors["practices[0].steps[1].colour"].startswith("unknown field")


def test_missing_required_and_bad_choice():
    document = good_file()
    del document["practices"][0]["summary"]
    document["practices"][0]["steps"][0]["involvements"][0]["role"] = "boss"
    errors = dict(rejected(document))
    assert errors["practices[0].summary"] == "is required"
    assert errors["practices[0].steps[0].involvements[0].role"].startswith(
        "'boss' is not one of"
    )


def test_unknown_region():
    document = good_file()
    document["practices"][0]["region"] = "湖南省/怀化市/不存在区"
    assert rejected(document) == [
        ("practices[0].region", "no region is named 湖南省/怀化市/不存在区")
    ]


def test_ambiguous_region_name():
    document = good_file()
    document["practices"][0]["region"] = "朝阳区"
    [(path, message)] = rejected(document)
    assert path == "practices[0].region"
    assert "朝阳区 is ambiguous" in message and "北京市/朝阳区" in message


def test_region_by_code_and_by_unique_tail():
    document = good_file(2)
    document["practices"][0]["region"] = {"code": "370783"}
    document["practices"][1]["region"] = "洪江区"
    import_case_file(encode(document))
    regions = [p.region.full_name for p in Practice.objects.order_by("slug")]
    # 洪江区, the sources' name, is the former name of 怀化市洪江管理区 (431271)
    assert regions == ["山东省/潍坊市/寿光市", "湖南省/怀化市/怀化市洪江管理区"]


def test_unknown_theme_and_unknown_actor():
    document = good_file()
    document["practices"][0]["themes"] = ["party-building", "no-such-theme"]
    document["actors"] = []
    errors = rejected(document)
    assert ("practices[0].themes[1]", "no theme has the slug 'no-such-theme'") in errors
    assert (
        "practices[0].steps[0].involvements[0].actor",
        "'社区' is not in the library; declare it in the file's actors",
    ) in errors


def test_a_quote_not_in_its_source():
    document = good_file()
    document["practices"][0]["steps"][1]["source_quote"] = "部门5个工作日内办理完成"
    assert rejected(document) == [
        (
            "practices[0].steps[1].source_quote",
            "This quote is not found in the practice's sources. Copy the passage "
            "exactly as the source writes it.",
        )
    ]


def test_a_number_not_in_its_quote():
    document = good_file()
    document["practices"][0]["steps"][0]["metrics"][0]["value"] = 2
    assert rejected(document) == [
        (
            "practices[0].steps[0].metrics[0].value",
            "2 does not appear in the quote.",
        )
    ]


def test_value_max_below_value():
    document = good_file()
    metric = document["practices"][0]["steps"][1]["metrics"][0]
    metric["value"], metric["value_max"] = 15, 3
    assert (
        "practices[0].steps[1].metrics[0].value_max",
        "The maximum value cannot be below the value.",
    ) in rejected(document)


def test_a_figure_finer_than_its_column_is_refused_not_rounded():
    document = good_file()
    metric = document["practices"][0]["steps"][1]["metrics"][0]
    metric["value"] = 3.00001
    errors = rejected(document)
    assert (
        "practices[0].steps[1].metrics[0].value",
        "has more than 4 decimal places",
    ) in errors
    metric["value"] = 3.0  # as precise as 3: fine
    assert not read_case_file(encode(document)).errors


def test_a_step_cycle_cannot_be_written():
    """Nesting is by containment, so a file cannot name a step's parent at all."""
    document = good_file()
    document["practices"][0]["steps"][0]["parent"] = "接单"
    [(path, message)] = rejected(document)
    assert path == "practices[0].steps[0].parent" and message.startswith(
        "unknown field"
    )


def test_duplicate_slug_in_one_file():
    document = good_file(2)
    document["practices"][1]["slug"] = "liudan-1"
    assert rejected(document) == [
        ("practices[1].slug", "repeats the slug of practices[0]")
    ]


def test_the_tenth_practice_is_bad_and_nothing_is_written():
    document = good_file(10)
    document["practices"][9]["region"] = "火星"
    assert rejected(document) == [("practices[9].region", "no region is named 火星")]
    assert not Practice.objects.filter(slug__startswith="liudan").exists()


def test_an_interrupted_import_leaves_the_database_as_it_was(monkeypatch):
    import_case_file(encode(good_file()))
    before = database_state()
    document = good_file(3)
    document["practices"][0]["title"] = "改过的标题"
    original = RowWriter.write

    def fail_at_the_new_figures(writer, model, objects, later=False):
        # The changed practice is written first (in place), then the new
        # practices in bulk: the insert of their figures fails.
        if model is Metric:
            raise ConnectionError("database went away")
        return original(writer, model, objects, later)

    monkeypatch.setattr(RowWriter, "write", fail_at_the_new_figures)
    with pytest.raises(ConnectionError):
        import_case_file(encode(document))
    assert database_state() == before


def test_publishing_on_import_needs_the_permission(editor, reviewer):
    document = good_file()
    document["practices"][0]["status"] = "published"
    with pytest.raises(CaseFileRejected) as exc:
        import_case_file(encode(document), user=editor)
    assert exc.value.errors[0][0] == "practices[0].status"
    import_case_file(encode(document), user=reviewer)
    assert Practice.objects.get().status == Status.PUBLISHED


def test_dry_run_writes_nothing():
    before = database_state()
    preview = import_case_file(encode(good_file()), dry_run=True)
    assert preview.ok and preview.practices[0].step_count == 3
    assert preview.new_actors == ["社区"]
    assert database_state() == before


def test_every_seed_case_file_loads_published():
    for path in SEED_CASE_FILES:
        import_case_file(path.read_bytes())
    titles = set(Practice.objects.published().values_list("title", flat=True))
    assert {"六单工作法", "梳网清格", "专项巡察"} <= titles
    assert Practice.objects.count() == Practice.objects.published().count() >= 10


def round_trip():
    """(export of the library, its export after importing it into an empty one)."""
    first = dump_case_file(export_case_file(Practice.objects.order_by("slug")))
    for model in (Practice, Actor, SourceDocument):
        model.objects.all().delete()
    import_case_file(first.encode("utf-8"))
    return first, dump_case_file(export_case_file(Practice.objects.order_by("slug")))


def test_round_trip_export_import_export(django_db_blocker):
    for path in SEED_CASE_FILES:
        import_case_file(path.read_bytes())
    first, second = round_trip()
    assert second == first
    assert json.loads(first)["practices"][0]["steps"]


def test_export_of_a_modified_copy_differs():
    """Guard against a round-trip test that passes because export ignores data."""
    import_case_file(encode(good_file()))
    before = export_case_file(Practice.objects.all())
    Metric.objects.filter(name="办理时限").update(value_max=None)
    after = export_case_file(Practice.objects.all())
    changed = copy.deepcopy(before)
    del changed["practices"][0]["steps"][1]["metrics"][0]["value_max"]
    assert after == changed != before
