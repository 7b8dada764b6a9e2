"""The data model's integrity: database constraints and clean() rules (the rules of
the step tree are in practices/rules.py: tests/practices/test_rules.py)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from practices.choices import Status
from practices.models import (
    Actor,
    Involvement,
    Metric,
    Practice,
    Region,
    Step,
    Theme,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """The messages are checked in English; the default interface is Chinese."""
    with translation.override("en"):
        yield


def integrity_error(action):
    with pytest.raises(IntegrityError), transaction.atomic():
        action()


def test_practice_slug_is_unique(make_practice):
    make_practice(slug="liudan")
    integrity_error(lambda: make_practice(slug="liudan"))
    with pytest.raises(ValidationError) as exc:
        Practice(slug="liudan").validate_unique()
    assert "slug" in exc.value.message_dict


def test_theme_slug_and_region_code_are_unique(region):
    integrity_error(lambda: Theme.objects.create(slug="grid-management", name="网格"))
    integrity_error(
        lambda: Region.objects.create(
            code=region.code, name="另一个", level="county", parent=region.parent
        )
    )


def test_region_name_is_unique_among_siblings(region):
    duplicate = Region(name=region.name, level="county", parent=region.parent)
    with pytest.raises(ValidationError) as exc:
        duplicate.validate_constraints()
    assert "A region with this name already exists here." in str(exc.value)


def test_step_position_is_unique_among_siblings(make_practice, make_step):
    practice = make_practice()
    top = make_step(practice, position=1)
    integrity_error(lambda: make_step(practice, position=1))
    make_step(practice, position=1, parent=top, name="看")
    integrity_error(lambda: make_step(practice, position=1, parent=top, name="听"))
    # The same position under another parent, or in another practice, is fine.
    make_step(practice, position=2)
    make_step(make_practice(), position=1)
    with pytest.raises(ValidationError) as exc:
        Step(practice=practice, position=1, name="x", source_quote="x").full_clean()
    assert "Another top-level step has this position." in str(exc.value)


def test_value_max_cannot_be_below_value(make_practice, make_metric):
    practice = make_practice()
    make_metric(practice, value=3, value_max=5)
    integrity_error(lambda: make_metric(practice, value=5, value_max=3))
    metric = Metric(
        practice=practice, name="时限", value=5, value_max=3, kind="time_limit"
    )
    metric.source_quote = "3天~5天"
    with pytest.raises(ValidationError) as exc:
        metric.full_clean()
    assert "The maximum value cannot be below the value." in str(exc.value)


@pytest.mark.parametrize(
    "model_field",
    [
        (Practice, "status"),
        (Practice, "implementing_level"),
        (Actor, "kind"),
        (Involvement, "role"),
        (Metric, "kind"),
        (Metric, "qualifier"),
    ],
)
def test_choices_are_enforced_by_the_database(model_field, make_practice, make_metric):
    model, field = model_field
    practice = make_practice()
    actor = Actor.objects.create(name="网格员", kind="residents")
    Involvement.objects.create(practice=practice, actor=actor, role="carries_out")
    make_metric(practice)
    integrity_error(lambda: model.objects.update(**{field: "not-a-choice"}))


def test_practices_under_a_province_in_one_query(
    make_practice, django_assert_num_queries
):
    hunan = Region.objects.get(name="湖南省", depth=1)
    hongjiang = Region.objects.get(code="431271")
    inside = make_practice(region=hongjiang)
    make_practice()  # 山东省
    with django_assert_num_queries(1):
        found = list(Practice.objects.in_region(hunan))
    assert found == [inside]


def test_region_path_follows_its_parent():
    hunan = Region.objects.get(name="湖南省", depth=1)
    city = Region.objects.create(name="测试市", level="prefecture", parent=hunan)
    county = Region.objects.create(name="测试县", level="county", parent=city)
    assert county.path.startswith(city.path) and city.path.startswith(hunan.path)
    assert county.depth == 3
    assert county.full_name == "湖南省/测试市/测试县"
    # Moving a prefecture moves everything below it.
    city.parent = Region.objects.get(name="山东省", depth=1)
    city.save()
    county.refresh_from_db()
    assert county.full_name == "山东省/测试市/测试县"


def test_region_cannot_be_inside_itself():
    hunan = Region.objects.get(name="湖南省", depth=1)
    changsha = Region.objects.get(name="长沙市", parent=hunan)
    hunan.parent = changsha
    with pytest.raises(ValidationError) as exc:
        hunan.clean()
    assert exc.value.message_dict["parent"] == ["A region cannot be inside itself."]


def test_published_queryset(make_practice):
    shown = make_practice(status=Status.PUBLISHED)
    make_practice(status=Status.DRAFT)
    make_practice(status=Status.IN_REVIEW)
    assert list(Practice.objects.published()) == [shown]
