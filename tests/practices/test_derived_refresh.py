"""refresh_derived_fields writes only what changes, chunk by chunk (issue 18): a
refresh of an up-to-date library writes nothing and moves nothing."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from practices import derived
from practices.derived import refresh_derived_fields
from practices.library_version import library_version
from practices.models import Practice, PracticeSearch, Step

pytestmark = pytest.mark.django_db
WRITES = ("UPDATE", "INSERT", "DELETE")


def writes(captured):
    return [q["sql"] for q in captured if q["sql"].lstrip().startswith(WRITES)]


def test_an_up_to_date_library_is_checked_and_nothing_is_written(
    seed_library, django_capture_on_commit_callbacks
):
    before = library_version()
    with CaptureQueriesContext(connection) as captured:
        with django_capture_on_commit_callbacks(execute=True):
            changed = refresh_derived_fields(Practice.objects.all())
    assert changed == 0
    assert writes(captured) == []
    assert library_version() == before


def test_stale_rows_are_found_and_only_they_are_written(
    seed_library, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(derived, "CHUNK", 3)  # several chunks over the seed library
    first, second, *rest = Practice.objects.order_by("pk")
    right = Practice.objects.get(pk=first.pk)
    Practice.objects.filter(pk=first.pk).update(step_count=99, search_title="旧")
    PracticeSearch.objects.filter(practice=second).delete()
    step = Step.objects.filter(practice=rest[-1]).first()
    Step.objects.filter(pk=step.pk).update(passage_start=None, passage_end=None)
    before = library_version()
    with CaptureQueriesContext(connection) as captured:
        with django_capture_on_commit_callbacks(execute=True):
            changed = refresh_derived_fields(Practice.objects.all())
    assert changed == 3
    assert len(writes(captured)) == 3  # one bulk write of each kind changed
    fixed = Practice.objects.get(pk=first.pk)
    assert (fixed.step_count, fixed.search_title) == (
        right.step_count,
        right.search_title,
    )
    assert PracticeSearch.objects.filter(practice=second).exists()
    assert Step.objects.get(pk=step.pk).passage_start is not None
    assert library_version() > before
    assert refresh_derived_fields(Practice.objects.all()) == 0


def test_the_command_says_what_it_checked_and_changed(seed_library):
    out = io.StringIO()
    call_command("refresh_derived_fields", stdout=out)
    total = Practice.objects.count()
    assert f"checked {total} practice(s), 0 changed" in out.getvalue()


def test_a_step_out_of_its_place_in_the_reading_order_is_put_back(seed_library):
    """Depth and reading order are stored with each step (the steps table's export
    reads them); a write that leaves them stale is mended by the refresh."""
    practice = Practice.objects.get(slug="hongjiang-liudan-gongzuofa")
    stored = list(practice.steps.order_by("tree_order"))
    assert [s.tree_order for s in stored] == list(range(len(stored)))
    nested = next(s for s in stored if s.parent_id is not None)
    assert nested.depth == 2
    Step.objects.filter(pk=nested.pk).update(depth=1, tree_order=0)
    assert refresh_derived_fields(Practice.objects.filter(pk=practice.pk)) == 1
    assert list(practice.steps.order_by("tree_order")) == stored
    assert Step.objects.get(pk=nested.pk).depth == 2
