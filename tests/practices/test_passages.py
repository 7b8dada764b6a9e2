"""Where each quote stands in its source: found whitespace-blind, stored by every
write path (case file, admin, history), never searched at render time."""

import pytest

from practices.history import practice_history, restore
from practices.models import Metric, Practice, Step
from practices.passages import locate

from ..conftest import SOURCE_TEXT
from .test_write_rules import change_form, post


@pytest.mark.parametrize(
    "quote, text, expected",
    [
        ("部门入驻", "14个部门入驻办公", (3, 7)),
        # Line breaks and spaces inside the passage, as a scan breaks lines.
        ("部门入驻办公", "14个部\n门入 驻办公", (3, 11)),
        ("入驻", "入驻一次，入驻两次", (0, 2)),  # the first occurrence
        ("未见", "14个部门入驻办公", None),
        ("", "14个部门入驻办公", None),
        ("  \n", "14个部门入驻办公", None),
    ],
)
def test_locate_finds_the_passage_whitespace_blind(quote, text, expected):
    assert locate(quote, text) == expected


def test_a_located_passage_holds_the_quote_and_nothing_around_it():
    text = "寿光市委政法委等\n14个部门\n入驻办公，1天完成分派。"
    start, end = locate("14个部门入驻办公", text)
    assert "".join(text[start:end].split()) == "14个部门入驻办公"
    assert not text[start].isspace() and not text[end - 1].isspace()


def passage_text(item):
    item.refresh_from_db()
    source = item.passage_source
    return source and source.text[item.passage_start : item.passage_end]


def test_every_seed_step_and_figure_has_its_passage_stored(seed_library):
    items = [*Step.objects.select_related("passage_source"),
             *Metric.objects.select_related("passage_source")]  # fmt: skip
    assert len(items) > 300
    wrong = [
        item.pk
        for item in items
        if item.passage_source is None
        or "".join(item.source_quote.split())
        != "".join(
            item.passage_source.text[item.passage_start : item.passage_end].split()
        )
    ]
    assert wrong == []


@pytest.mark.django_db
def test_the_admin_stores_the_passage_of_a_changed_quote(
    client, make_practice, make_step, editor
):
    practice = make_practice(status="draft")
    step = make_step(practice)
    client.force_login(editor)
    response = post(
        client, practice, change_form(practice, steps={0: {"source_quote": "3天~5天"}})
    )
    assert response.status_code == 302
    assert passage_text(step) == "3天~5天"
    assert SOURCE_TEXT.index("3天~5天") == step.passage_start


@pytest.mark.django_db
def test_a_restored_revision_stores_its_passages(
    client, make_practice, make_step, editor
):
    practice = make_practice(status="draft")
    step = make_step(practice)
    client.force_login(editor)
    post(client, practice, change_form(practice, steps={0: {"source_quote": "1天"}}))
    assert passage_text(step) == "1天"
    _pending, revisions = practice_history(Practice.objects.get(pk=practice.pk))
    restore(revisions[-1], editor)  # the baseline, before the edit
    step = Step.objects.get(practice=practice)
    assert step.source_quote == "14个部门入驻办公"
    assert passage_text(step) == "14个部门入驻办公"


def test_squeezed_text_keeps_every_character_but_whitespace_in_its_place():
    """SqueezedText works run by run: the result is what testing each character
    gives, for texts of every mix of characters and whitespace (the ideographic
    space and the no-break space are whitespace too)."""
    import random

    from practices.passages import SqueezedText

    generator = random.Random(7)
    alphabet = "六单工作法ab,，。 \n\t\r\u3000\xa0"
    for _ in range(2000):
        text = "".join(
            generator.choice(alphabet) for _ in range(generator.randint(0, 30))
        )
        places = [i for i, char in enumerate(text) if not char.isspace()]
        squeezed = SqueezedText(text)
        assert squeezed.places == places, repr(text)
        assert squeezed.squeezed == "".join(text[i] for i in places)
