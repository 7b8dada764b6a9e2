"""One actor whatever the script it was written in, one form per unit."""

import csv
import importlib
import io

import pytest
from django.apps import apps
from django.urls import reverse

from casefiles.loader import import_case_file
from practices.choices import Status
from practices.folding import fold_script
from practices.models import Actor, Involvement, Metric

from ..casefiles.test_casefile import encode, good_file

pytestmark = pytest.mark.django_db
MIGRATION = importlib.import_module(
    "practices.migrations.0005_actor_folded_name_and_units"
)


def test_the_seed_librarys_actors_are_distinct_once_folded(client, seed_library):
    response = client.get("/practices/actors.csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content)
                                           .decode("utf-8-sig"))))  # fmt: skip
    folded = [fold_script(row["name"]) for row in rows]
    assert len(folded) == len(set(folded)) > 50
    assert "群眾" not in {row["name"] for row in rows}  # merged into 群众


def test_an_import_in_the_other_script_finds_the_same_actor():
    import_case_file(encode(good_file()), status=Status.PUBLISHED)
    document = good_file()
    document["practices"][0]["slug"] = "liudan-traditional"
    document["practices"][0]["steps"][0]["involvements"][0]["actor"] = "社區"
    document["actors"] = [{"name": "社區", "kind": "community_committee"}]
    import_case_file(encode(document))
    assert Actor.objects.filter(folded_name="社区").count() == 1
    assert Involvement.objects.filter(actor__name="社区").count() == 2


def test_the_admin_refuses_an_actor_in_the_other_script(client, reviewer):
    Actor.objects.create(name="群众", kind="residents")
    client.force_login(reviewer)
    response = client.post(
        reverse("admin:practices_actor_add"),
        {"name": "群眾", "kind": "residents", "name_en": "", "level": ""},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "already in the library, in the other script" in response.content.decode()


def test_the_migration_merges_actors_and_keeps_their_involvements(make_practice):
    practice = make_practice()
    simplified = Actor.objects.create(name="驻村工作队", kind="government")
    # As before the migration: a second record, its name never folded.
    [traditional] = Actor.objects.bulk_create(
        [Actor(name="駐村工作隊", kind="government", folded_name="pre-migration")]
    )
    for actor in (simplified, traditional):
        Involvement.objects.create(practice=practice, actor=actor, role="carries_out")
    Metric.objects.create(
        practice=practice, name="n", value=14, unit="個", kind="input",
        source_quote="14个部门入驻办公",
    )  # fmt: skip
    MIGRATION.merge_actors_and_fold_units(apps, None)
    assert list(Actor.objects.filter(name__in=["驻村工作队", "駐村工作隊"])) == [
        simplified
    ]
    assert practice.involvements.filter(actor=simplified).count() == 2
    assert practice.metrics.get().unit == "个"


def test_units_are_stored_in_one_form():
    document = good_file()
    document["practices"][0]["steps"][1]["metrics"][0]["unit"] = "個工作日"
    import_case_file(encode(document))
    assert Metric.objects.get(name="办理时限").unit == "个工作日"
