"""A figure says what sort of number it is and which period it covers, so a ranking
is never read as persons, 近五成 is about 50 %, and a running total since 2013 is
not taken for an annual figure."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from casefiles.loader import import_case_file
from practices.choices import Status
from practices.models import Metric
from practices.provenance import numbers_in
from research.tables import TABLES

from ..casefiles.test_casefile import encode, rejected
from ..research.test_exports import download, read_csv

pytestmark = pytest.mark.django_db

TEXT = (
    "2013年以来，全省共选派驻村干部2.1万人。该区省综治民调保持全市第一、全省前十。"
    "近五成群众参与议事。截至4月，共办结诉求360件。每周定期召集联席会议。"
    "接到交办件的当天就要给予群众回应。"
)


def case_file(*metrics):
    return {
        "format": "govcases-case-file",
        "version": 1,
        "sources": [{"key": "s", "title": "标题", "script": "hans", "text": TEXT}],
        "practices": [
            {
                "slug": "figures",
                "title": "示例做法",
                "region": "湖南省",
                "implementing_level": "province",
                "summary": "示例。",
                "themes": ["grassroots-governance"],
                "sources": ["s"],
                "metrics": list(metrics),
            }
        ],
    }


RANKING = {
    "name": "省综治民调全市排名",
    "value": 1,
    "kind": "outcome",
    "nature": "ranking",
    "source_quote": "保持全市第一",
}
TOP_TEN = {
    "name": "省综治民调全省排名",
    "value": 10,
    "qualifier": "at_most",
    "kind": "outcome",
    "nature": "ranking",
    "source_quote": "全省前十",
}
SHARE = {
    "name": "参与议事的群众",
    "value": 50,
    "qualifier": "approx",
    "unit": "%",
    "kind": "outcome",
    "source_quote": "近五成群众参与议事",
}
CUMULATIVE = {
    "name": "选派驻村干部",
    "value": 21000,
    "unit": "人",
    "kind": "input",
    "period": "cumulative",
    "period_start": "2013",
    "period_text": "2013年以来",
    "source_quote": "2013年以来，全省共选派驻村干部2.1万人",
}
AS_OF = {
    "name": "办结诉求",
    "value": 360,
    "unit": "件",
    "kind": "output",
    "period": "as_of",
    "period_text": "截至4月",
    "source_quote": "截至4月，共办结诉求360件",
}
WEEKLY = {
    "name": "联席会议频次",
    "value": 1,
    "unit": "次/周",
    "kind": "input",
    "source_quote": "每周定期召集联席会议",
}
SAME_DAY = {
    "name": "回应时限",
    "value": 1,
    "qualifier": "at_most",
    "unit": "天",
    "kind": "time_limit",
    "source_quote": "接到交办件的当天就要给予群众回应",
}


def test_the_number_rule_reads_tenths_and_implied_ones():
    assert Decimal(50) in numbers_in("近五成")
    assert Decimal(30) in numbers_in("3成")
    assert Decimal(1) in numbers_in("每周定期召集")
    assert Decimal(1) in numbers_in("当天上报")
    assert Decimal(1) not in numbers_in("定期召集")
    assert Decimal(50) not in numbers_in("五个成员")


def test_natures_and_periods_are_stored_and_read_off_the_unit_when_left_out():
    import_case_file(
        encode(case_file(RANKING, TOP_TEN, SHARE, CUMULATIVE, AS_OF, WEEKLY, SAME_DAY))
    )
    stored = {m.name: m for m in Metric.objects.all()}
    assert stored["省综治民调全市排名"].nature == "ranking"
    assert stored["省综治民调全市排名"].unit == ""
    assert stored["参与议事的群众"].nature == "share"
    assert stored["选派驻村干部"].nature == "count"
    assert stored["联席会议频次"].nature == "frequency"
    assert stored["回应时限"].nature == "duration"
    cumulative = stored["选派驻村干部"]
    assert (cumulative.period, cumulative.period_start, cumulative.period_text) == (
        "cumulative",
        "2013",
        "2013年以来",
    )
    assert stored["办结诉求"].as_of == ""  # 截至4月 has no year: none is invented


@pytest.mark.parametrize(
    "change, path_end, words",
    [
        ({"period_text": "2014年以来"}, "period_text", "copied from the quote"),
        ({"period": ""}, "period", "which kind of period"),
        ({"as_of": "2012"}, "period_start", "cannot start after"),
        ({"period_start": "2013-13"}, "period_start", "YYYY"),
        ({"nature": "persons"}, "nature", "is not one of"),
    ],
)
def test_a_bad_period_or_nature_is_rejected_by_path(change, path_end, words):
    with translation.override("en"):
        errors = rejected(case_file({**CUMULATIVE, **change}))
    where = "practices[0].metrics[0]." + path_end
    assert any(p == where and words in m for p, m in errors), errors


def test_the_practice_page_shows_a_ranking_as_a_place_and_the_period(client):
    import_case_file(
        encode(case_file(RANKING, TOP_TEN, CUMULATIVE, AS_OF)),
        status=Status.PUBLISHED,
    )
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = client.get(reverse("browse:detail", args=["figures"])).content.decode()
    assert "No. 1" in page and "in the top 10" in page
    assert "cumulative since 2013" in page and "2013年以来" in page
    assert "截至4月" in page
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"
    page = client.get(reverse("browse:detail", args=["figures"])).content.decode()
    assert "第 1 名" in page and "前 10 名" in page
    assert "1 名" not in page.replace("第 1 名", "")


def test_the_figures_table_and_codebook_carry_nature_and_period(client):
    import_case_file(encode(case_file(RANKING, CUMULATIVE)), status=Status.PUBLISHED)
    url = reverse("research:export_table", args=["metrics"])
    _, body = download(client, url)
    rows = read_csv(body)
    header = rows[0]
    records = [dict(zip(header, row, strict=True)) for row in rows[1:]]
    by_name = {r["name"]: r for r in records}
    assert by_name["省综治民调全市排名"]["nature"] == "ranking"
    assert by_name["选派驻村干部"]["period"] == "cumulative"
    assert by_name["选派驻村干部"]["period_start"] == "2013"
    assert by_name["选派驻村干部"]["period_text"] == "2013年以来"
    columns = {c.name for c in TABLES["metrics"].columns}
    assert {"nature", "period", "period_text", "period_start", "as_of"} <= columns
