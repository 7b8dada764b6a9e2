"""Regions current and down to townships, with the history of codes: old codes and
names find today's region, and an existing library keeps its practices' regions
when it takes a new list."""

from importlib import import_module

import pytest
from django.apps import apps
from django.urls import reverse

from practices.models import FormerRegion, Practice, Region
from practices.regions import load_regions

from ..conftest import FIXTURES

pytestmark = pytest.mark.django_db
REGIONS, HISTORY = FIXTURES / "regions.csv", FIXTURES / "region_history.csv"


def test_the_list_reaches_townships_with_current_codes():
    assert Region.objects.filter(level="province").count() == 34
    assert Region.objects.filter(level="township").count() > 40_000
    ningxiang = Region.objects.get(code="430182")
    assert ningxiang.full_name == "湖南省/长沙市/宁乡市"
    assert not Region.objects.filter(code="430124").exists()  # 宁乡县's, abolished
    assert not Region.objects.filter(name__in=["章丘市", "株洲县"]).exists()
    jinhaihu = Region.objects.get(code="110117006")
    assert jinhaihu.full_name == "北京市/平谷区/金海湖地区"
    assert jinhaihu.level == "township" and jinhaihu.name_en == "Jinhaihu Diqu"
    # The special zones carry their statistical codes, and say so.
    zones = [("431271", "怀化市洪江管理区"), ("410871", "焦作城乡一体化示范区")]
    for code, name in zones:
        zone = Region.objects.get(code=code)
        assert zone.name == name and "统计用区划代码" in zone.note


@pytest.mark.parametrize(
    "old, new",
    [("430124", "430182"), ("430221", "430212"), ("370181", "370114")],
)
def test_former_codes_lead_to_their_successors(old, new):
    assert Region.objects.by_code(old).get().code == new
    assert FormerRegion.objects.get(old_code=old).relation == "renamed"


def test_a_filter_by_a_former_code_finds_the_practice_and_says_why(
    client, seed_library
):
    ningxiang = Practice.objects.published().in_region(
        Region.objects.get(code="430182")
    )
    assert ningxiang.exists()
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    for key in ("430124", "湖南省/长沙市/宁乡县"):
        page = client.get(reverse("browse:browse"), {"region": key})
        assert page.status_code == 200
        shown = {p.slug for p in page.context["result"].page.object_list}
        assert shown == {p.slug for p in ningxiang}, key
        assert "it is now 宁乡市 (430182)" in page.content.decode()


def test_a_township_can_be_chosen_in_the_admin_by_its_town_name(admin_client):
    url = reverse("admin:autocomplete")
    params = {
        "app_label": "practices",
        "model_name": "practice",
        "field_name": "region",
    }
    for term in ("金海湖镇", "金海湖", "110117006"):
        found = admin_client.get(url, {**params, "term": term}).json()["results"]
        assert "北京市/平谷区/金海湖地区" in [r["text"] for r in found], term
    former = admin_client.get(url, {**params, "term": "宁乡县"}).json()["results"]
    assert [r["text"] for r in former] == ["湖南省/长沙市/宁乡市"]


def old_library():
    """The seed library as it stood on the 2016 list: 宁乡市 under 宁乡县's code,
    洪江区 without a code, 株洲县 and 莱芜市/莱城区 still there, no townships (so
    鹤山模式 sat in its county)."""
    for practice in Practice.objects.filter(region__level="township"):
        practice.region = practice.region.parent
        practice.save()
    Region.objects.filter(level="township").delete()
    FormerRegion.objects.all().delete()
    Region.objects.filter(code="430182").update(code="430124")
    Region.objects.filter(code="431271").update(code=None, name="洪江区")
    Region.objects.filter(code="430212").delete()
    zhuzhou = Region.objects.get(code="430200")
    zhuzhouxian = Region.objects.create(
        code="430221", name="株洲县", level="county", parent=zhuzhou
    )
    laiwu = Region.objects.create(
        code="371200",
        name="莱芜市",
        level="prefecture",
        parent=Region.objects.get(code="370000"),
    )
    laicheng = Region.objects.create(
        code="371202", name="莱城区", level="county", parent=laiwu
    )
    moved = []
    for region, practice in zip(
        (zhuzhouxian, laicheng), Practice.objects.order_by("pk")[:2], strict=True
    ):
        practice.region = region
        practice.save()
        moved.append(practice.pk)
    return moved


def test_an_existing_library_keeps_its_regions_through_the_update(seed_library):
    zhuzhouxian_practice, laicheng_practice = old_library()
    before = dict(Practice.objects.values_list("pk", "region_id"))
    ningxiang = Region.objects.get(code="430124")
    hongjiang = Region.objects.get(name="洪江区")

    # The data migration that brings an existing library up to date.
    import_module("practices.migrations.0010_former_regions").update_regions(apps, None)

    ningxiang.refresh_from_db()
    assert (ningxiang.code, ningxiang.full_name) == ("430182", "湖南省/长沙市/宁乡市")
    hongjiang.refresh_from_db()
    assert (hongjiang.code, hongjiang.name) == ("431271", "怀化市洪江管理区")
    lukou = Practice.objects.get(pk=zhuzhouxian_practice).region
    assert (lukou.pk, lukou.code, lukou.name) == (
        before[zhuzhouxian_practice],
        "430212",
        "渌口区",
    )
    # 莱城区 is no more; its practice now sits in the division that holds its land.
    moved = Practice.objects.get(pk=laicheng_practice)
    assert moved.region.code == "370000"
    assert moved.region_path == moved.region.path
    unchanged = {pk for pk in before if pk not in (laicheng_practice,)}
    for pk, region_id in Practice.objects.values_list("pk", "region_id"):
        if pk in unchanged:
            assert region_id == before[pk]
    for practice in Practice.objects.select_related("region"):
        assert practice.region_path == practice.region.path
    assert Region.objects.filter(level="township").count() > 40_000
    assert not Region.objects.filter(name__in=["株洲县", "莱城区", "莱芜市"]).exists()
    again = load_regions(REGIONS, HISTORY, Region, FormerRegion, Practice)
    assert (again.created, again.updated, again.deleted) == (0, 0, 0)


def test_a_load_that_fails_leaves_the_regions_as_they_were(tmp_path):
    broken = tmp_path / "history.csv"
    broken.write_text(
        "old_code,old_name,old_parent,successor_code,relation,basis\n"
        "999999,无此县,湖南省,000001,renamed,test\n",
        encoding="utf-8",
    )
    Region.objects.filter(code="430182").update(name="改过的名字")
    before = Region.objects.count(), FormerRegion.objects.count()
    with pytest.raises(KeyError):
        load_regions(REGIONS, broken, Region, FormerRegion, Practice)
    assert (Region.objects.count(), FormerRegion.objects.count()) == before
    assert Region.objects.get(code="430182").name == "改过的名字"
