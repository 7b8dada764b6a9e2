"""What a step does: a small vocabulary, coded in the seed library where the source
supports it; categories in a list are not stages and do nothing themselves."""

import pytest

from casefiles.loader import walk_steps
from practices.choices import StepFunction, StepKind
from practices.models import Step

from ..conftest import seed_documents


def seed_steps():
    for document in seed_documents():
        for practice in document["practices"]:
            for step in walk_steps(practice.get("steps", [])):
                yield practice["slug"], step


def test_seed_steps_use_the_vocabulary_and_categories_do_nothing():
    steps = list(seed_steps())
    functions = [s.get("function", "") for _slug, s in steps]
    assert set(functions) <= set(StepFunction.values) | {""}
    assert sum(1 for f in functions if f) > len(steps) / 2
    for _slug, step in steps:
        assert step.get("kind", "stage") in StepKind.values
        if step.get("kind") == "category":
            assert not step.get("function"), step["name"]


def test_the_six_tickets_are_coded():
    hongjiang = {
        s["name"]: s.get("function")
        for slug, s in seed_steps()
        if slug == "hongjiang-liudan-gongzuofa"
    }
    assert hongjiang["点单"] == "intake" and hongjiang["报单"] == "assign"
    assert hongjiang["督单"] == "supervise" and hongjiang["评单"] == "evaluate"
    assert hongjiang["满意"] is None


@pytest.mark.django_db
def test_function_and_kind_are_stored_and_exported(client, seed_library):
    step = Step.objects.get(name="评单")
    assert step.function == "evaluate" and step.kind == "stage"
    assert Step.objects.get(name="满意").kind == "category"
    body = b"".join(client.get("/practices/steps.csv").streaming_content).decode()
    header = body.splitlines()[0]
    assert "function" in header and "kind" in header
