"""The write rules as a service (practices/rules.py): what every write path calls."""

from django.utils import translation

from practices.rules import (
    MAX_STEP_DEPTH,
    Content,
    PartEntry,
    StepEntry,
    check_content,
    ordered_steps,
)

SOURCE = "社区1天内完成分派，部门3个工作日内办理完成，3天~5天完成处置。"


def errors(content):
    with translation.override("en"):
        return {(e.key, e.field): e.message for e in check_content(content)}


def test_good_content_has_no_errors():
    content = Content(
        [SOURCE],
        steps=[StepEntry("a", None, 1, "社区1天内完成分派"),
               StepEntry("b", "a", 1, "部门3个工作日内办理完成")],
        parts=[PartEntry("m", "b", 3, None, "3个工作日内办理完成"),
               PartEntry("r", "a", 3, 5, "3天~5天完成处置"), PartEntry("i", "b")],
    )  # fmt: skip
    assert errors(content) == {}


def test_quotes_numbers_and_ranges():
    content = Content(
        [SOURCE],
        steps=[StepEntry("a", None, 1, "社区一天内完成分派")],
        parts=[PartEntry("m", None, 12, None, "部门3个工作日内办理完成"),
               PartEntry("r", None, 5, 3, "3天~5天完成处置")],
    )  # fmt: skip
    assert set(errors(content)) == {
        ("a", "source_quote"), ("m", "value"), ("r", "value_max"),
    }  # fmt: skip
    assert errors(Content([], steps=[StepEntry("a", None, 1, "x")])) == {
        ("a", "source_quote"): "The practice has no source yet."
    }


def test_the_step_tree_has_no_loops_and_a_depth_limit():
    loop = [StepEntry("a", "c"), StepEntry("b", "a"), StepEntry("c", "b")]
    found = errors(Content(None, steps=loop))
    assert set(found) == {("a", "parent"), ("b", "parent"), ("c", "parent")}
    assert "loop" in found[("a", "parent")]
    deep = [StepEntry(0)] + [StepEntry(n, n - 1) for n in range(1, MAX_STEP_DEPTH)]
    assert errors(Content(None, steps=deep)) == {}
    deeper = deep + [StepEntry("x", MAX_STEP_DEPTH - 1)]
    assert set(errors(Content(None, steps=deeper))) == {("x", "parent")}


def test_references_to_other_practices_or_deleted_steps():
    content = Content(
        None,
        steps=[StepEntry("a", ("foreign", 9))],
        parts=[PartEntry("i", ("foreign", 9)), PartEntry("j", 77)],
        foreign_steps={("foreign", 9)},
    )
    assert errors(content) == {
        ("a", "parent"): "The parent step belongs to another practice.",
        ("i", "step"): "This step belongs to another practice.",
        ("j", "step"): "The chosen step is deleted in this same save.",
    }


def test_positions_are_renumbered_in_the_writers_order():
    steps = [StepEntry("a", None, 2), StepEntry("b", None, 2), StepEntry("c", None),
             StepEntry("d", None, 1), StepEntry("e", "a", 7)]  # fmt: skip
    placed = ordered_steps(steps)
    assert {key: (p.position, p.depth) for key, p in placed.items()} == {
        "d": (1, 1), "a": (2, 1), "b": (3, 1), "c": (4, 1), "e": (1, 2),
    }  # fmt: skip
