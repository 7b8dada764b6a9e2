"""Citations of a practice and of one figure: BibTeX and RIS that parsers read back,
CSL-JSON, GB/T 7714 with Chinese names kept whole; versions and per-practice
downloads."""

import csv
import io
import json

import bibtexparser
import pytest
import rispy

from practices.history import practice_history, restore
from practices.models import Metric, Practice

pytestmark = pytest.mark.django_db
CITE = "/practices/hongjiang-liudan-gongzuofa/cite/"


def download(client, **params):
    response = client.get(CITE, params)
    assert response.status_code == 200
    return response.content.decode()


def test_bibtex_parses_with_names_whole(client, seed_library):
    library = bibtexparser.parse_string(download(client, format="bibtex"))
    assert not library.failed_blocks
    entry = library.entries[0]
    assert entry.key == "govcases-hongjiang-liudan-gongzuofa-v1"
    assert entry["title"] == "六单工作法"
    assert entry["author"] == "{雷鸿涛} and {戴钦} and {邹丹}"
    assert entry["version"] == "1" and "/v/1/" in entry["url"]


def test_ris_parses_and_a_figure_carries_its_quote(client, seed_library):
    figure = Metric.objects.get(name="一般性事项办理时限")
    text = download(client, format="ris", item=f"figure-{figure.pk}")
    (entry,) = rispy.loads(text)
    assert entry["authors"] == ["雷鸿涛", "戴钦", "邹丹"]
    assert entry["title"] == "六单工作法：一般性事项办理时限"
    assert entry["urls"][0].endswith(f"/v/1/#figure-{figure.pk}")
    assert figure.source_quote in entry["notes"][0]


def test_csl_json_and_gbt7714(client, seed_library):
    (item,) = json.loads(download(client, format="csl"))
    assert item["author"][0] == {"literal": "雷鸿涛"} and item["version"] == "1"
    gbt = download(client, format="gbt7714")
    assert gbt.startswith("雷鸿涛, 戴钦, 邹丹. 六单工作法[DB/OL]. 版本 1.")
    page = client.get(CITE).content.decode()
    assert "BibTeX" in page and "GB/T 7714-2015" in page
    assert client.get(CITE, {"item": "figure-999999"}).status_code == 404
    assert client.get(CITE, {"item": "nonsense"}).status_code == 404


def test_a_version_page_shows_the_first_published_state(client, seed_library, reviewer):
    practice = Practice.objects.get(slug="hongjiang-liudan-gongzuofa")
    _pending, revisions = practice_history(practice)
    first_title = practice.title
    # A reviewer changes the published practice: the title, as version 2.
    content = dict(revisions[0].content, title="六单工作法（修订）")
    revision = revisions[0]
    revision.content = content
    restore(revision, reviewer)
    practice.refresh_from_db()
    assert practice.title == "六单工作法（修订）"
    first = client.get(f"/practices/{practice.slug}/v/1/").content.decode()
    assert first_title in first and 'id="newer"' in first
    second = client.get(f"/practices/{practice.slug}/v/2/").content.decode()
    assert "六单工作法（修订）" in second and 'id="newer"' not in second
    assert client.get(f"/practices/{practice.slug}/v/3/").status_code == 404
    bib = bibtexparser.parse_string(download(client, format="bibtex")).entries[0]
    assert bib["version"] == "2"


def test_per_practice_downloads(client, seed_library):
    data = json.loads(
        b"".join(
            client.get(
                "/practices/hongjiang-liudan-gongzuofa/export.json"
            ).streaming_content
        )
    )
    assert [p["slug"] for p in data["practices"]] == ["hongjiang-liudan-gongzuofa"]
    response = client.get("/practices/hongjiang-liudan-gongzuofa/metrics.csv")
    assert (
        "govcases-hongjiang-liudan-gongzuofa-v1-metrics.csv"
        in response["Content-Disposition"]
    )
    rows = list(
        csv.reader(
            io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))
        )
    )
    assert (
        len(rows) - 1
        == Metric.objects.filter(practice__slug__startswith="hongjiang").count()
    )
