"""Research exports: same query as the page, CSV done right, codebook, JSON, zip."""

import csv
import io
import json
import re
import zipfile
from urllib.parse import quote, unquote

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from casefiles.loader import import_case_file
from casefiles.writer import export_case_file
from practices.choices import Status
from practices.derived import refresh_derived_fields
from practices.models import Actor, Practice, SourceDocument, Theme
from research.tables import TABLES

pytestmark = pytest.mark.django_db
BROWSE = reverse("browse:browse")


def download(client, url, params=None):
    response = client.get(url, params or {})
    assert response.status_code == 200
    body = (
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    return response, body


def read_csv(body):
    assert body.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))


def browse_ids(client, params):
    ids, page = [], 1
    while True:
        response = client.get(BROWSE, {**params, "page": page})
        result = response.context["result"]
        ids += [p.pk for p in result.page.object_list]
        if not result.page.has_next():
            return ids
        page += 1


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": "党建"},
        {"theme": "party-building", "sort": "title"},
        {"region": "430000"},
    ],
)
def test_csv_has_the_same_ids_in_the_same_order_as_the_page(
    client, seed_library, params
):
    _, body = download(client, reverse("research:export_practices"), params)
    rows = read_csv(body)
    assert [int(r[0]) for r in rows[1:]] == browse_ids(client, params)


def test_header_and_a_known_seed_row(client, seed_library):
    response, body = download(
        client, reverse("research:export_practices"), {"q": "梳网清格"}
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = timezone.localdate().isoformat()
    disposition = unquote(response["Content-Disposition"])
    assert disposition.endswith(f"-{today}.csv")
    assert "govcases-practices-" in disposition
    header, row = read_csv(body)
    assert header == [
        "practice_id", "slug", "title", "alias", "province", "prefecture", "county",
        "township", "region_code", "region_former_codes", "implementing_level",
        "themes", "year_started", "step_count",
        "actor_count", "metric_count", "summary", "sources", "url",
    ]  # fmt: skip
    practice = Practice.objects.get(slug="xuzhou-shuwang-qingge")
    themes = "; ".join(t.slug for t in practice.themes.order_by("pk"))
    assert row == [
        str(practice.pk), "xuzhou-shuwang-qingge", "梳网清格", "", "江苏省", "徐州市",
        "", "", "320300", "", "prefecture", themes,
        "", str(practice.steps.count()), "2", str(practice.metrics.count()),
        practice.summary, "打造基层社会治理创新样板 |  | ", "http://testserver/practices/xuzhou-shuwang-qingge/",
    ]  # fmt: skip


def test_file_names_carry_the_table_the_query_and_the_date(client, seed_library):
    today = timezone.localdate().isoformat()
    url = reverse("research:export_table", args=["metrics"])
    response = client.get(url, {"q": "网格", "theme": "party-building", "page": "2"})
    header = response["Content-Disposition"]
    assert header.startswith("attachment; filename*=utf-8''")
    assert unquote(header.split("''", 1)[1]) == (
        f"govcases-metrics-q-网格_theme-party-building-{today}.csv"
    )
    zipped = client.get(reverse("research:export_zip"), {"q": "网格"})
    assert (
        f"govcases-export-q-{quote('网格')}-{today}.zip"
        in zipped["Content-Disposition"]
    )


def test_the_zip_readme_states_the_query_time_and_version(client, seed_library):
    response = client.get(reverse("research:export_zip"), {"theme": "party-building"})
    body = b"".join(response.streaming_content)
    with zipfile.ZipFile(io.BytesIO(body)) as bundle:
        readme = bundle.read("README.txt").decode()
    assert "party-building (党建引领基层治理)" in readme
    assert "Exported at: " + timezone.now().date().isoformat() in readme
    latest = Practice.objects.published().latest("updated_at").updated_at
    assert latest.isoformat(timespec="seconds") in readme


def test_the_sources_column_holds_title_publication_date_in_place(client, seed_library):
    _, body = download(client, reverse("research:export_practices"))
    header, *rows = read_csv(body)
    sources = {row[1]: row[header.index("sources")] for row in rows}
    assert (
        sources["jinan-tianqiao-tuopin-jiefa"]
        == "天桥区写好脱贫“答卷”决胜全面小康 | 鲁网 | "
    )
    assert all(
        cell.count(" | ") == 2 * (cell.count("; ") + 1) for cell in sources.values()
    )


def test_formula_cells_are_neutralised(client, seed_library, make_practice):
    dangerous = [
        '=HYPERLINK("http://x")',
        "+1+1",
        "-2",
        "@SUM(A1)",
        "＝1+1",
        "\tx",
        "\rx",
    ]
    for index, title in enumerate(dangerous):
        make_practice(title=title, slug=f"formula-{index}", alias="+86")
    _, body = download(client, reverse("research:export_practices"), {"sort": "title"})
    rows = {r[1]: r for r in read_csv(body)[1:]}
    for index, title in enumerate(dangerous):
        row = rows[f"formula-{index}"]
        assert row[2] == "'" + title
        assert row[3] == "'+86"
        assert row[0].isdigit()  # numbers stay numbers


def test_multi_valued_fields_are_never_truncated(client, seed_library, make_practice):
    practice = make_practice(slug="many-themes")
    practice.themes.set(Theme.objects.all())
    refresh_derived_fields(Practice.objects.filter(pk=practice.pk))
    _, body = download(client, reverse("research:export_practices"), {"sort": "title"})
    row = next(r for r in read_csv(body) if r[1] == "many-themes")
    assert row[11].split("; ") == list(
        Theme.objects.order_by("pk").values_list("slug", flat=True)
    )
    assert len(row[11].split("; ")) > 5


def test_drafts_never_in_a_public_export(client, seed_library):
    draft = Practice.objects.get(slug="hongjiang-liudan-gongzuofa")
    draft.status = Status.DRAFT
    draft.save()
    for table in TABLES.values():
        url = reverse("research:export_table", args=[table.name])
        _, body = download(client, url)
        rows = read_csv(body)
        if "practice_id" in rows[0]:
            column = rows[0].index("practice_id")
            assert str(draft.pk) not in {r[column] for r in rows[1:]}, table.name
        assert "status" not in rows[0]
    _, body = download(client, reverse("research:export_json"))
    assert "hongjiang-liudan-gongzuofa" not in body.decode()


def test_linked_tables_join_back(client, seed_library):
    tables = {}
    for name in TABLES:
        _, body = download(client, reverse("research:export_table", args=[name]))
        rows = read_csv(body)
        tables[name] = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    practice_ids = {r["practice_id"] for r in tables["practices"]}
    step_ids = {r["step_id"] for r in tables["steps"]}
    assert {r["practice_id"] for r in tables["steps"]} <= practice_ids
    assert {r["step_id"] for r in tables["metrics"] if r["step_id"]} <= step_ids
    assert {
        r["parent_step_id"] for r in tables["steps"] if r["parent_step_id"]
    } <= step_ids
    assert {r["actor_id"] for r in tables["involvements"]} == {
        r["actor_id"] for r in tables["actors"]
    }
    liudan = Practice.objects.get(slug="hongjiang-liudan-gongzuofa")
    top = [r["name"] for r in tables["steps"]
           if r["practice_id"] == str(liudan.pk) and r["depth"] == "1"]  # fmt: skip
    assert top == ["点单", "报单", "跟单", "接单", "督单", "评单"]
    limits = [
        r
        for r in tables["metrics"]
        if r["kind"] == "time_limit" and r["unit"] == "工作日"
    ]
    assert {"3", "15"} <= {r["value"] for r in limits}


def test_zip_holds_every_table_and_the_codebook(client, seed_library):
    response = client.get(reverse("research:export_zip"), {"region": "430000"})
    body = b"".join(response.streaming_content)
    with zipfile.ZipFile(io.BytesIO(body)) as bundle:
        names = set(bundle.namelist())
        assert {t.filename for t in TABLES.values()} | {
            "codebook.csv",
            "export.json",
        } <= names
        practices = read_csv(bundle.read("practices.csv"))
    assert len(practices) - 1 == len(browse_ids(client, {"region": "430000"}))


def test_codebook_names_every_column_of_every_export(client, seed_library):
    _, body = download(client, reverse("research:codebook_csv"))
    documented = {(r[0], r[1]) for r in read_csv(body)[1:]}
    for table in TABLES.values():
        _, exported = download(
            client, reverse("research:export_table", args=[table.name])
        )
        header = read_csv(exported)[0]
        assert {(table.filename, column) for column in header} <= documented
    page = client.get(reverse("research:codebook")).content.decode()
    for _, column in documented:
        assert f"<code>{column}</code>" in page
    assert "time_limit (" in page  # choices come from the model's lists


def test_json_export_imports_back_to_the_same_data(client, seed_library):
    before = export_case_file(Practice.objects.order_by("slug"))
    _, body = download(client, reverse("research:export_json"))
    document = json.loads(body)
    assert len(document["practices"]) == Practice.objects.published().count()
    for model in (Practice, Actor, SourceDocument):
        model.objects.all().delete()
    import_case_file(body)
    assert export_case_file(Practice.objects.order_by("slug")) == before


def test_admin_export_action_includes_drafts_and_says_so(admin_client, seed_library):
    Practice.objects.filter(slug="xuzhou-shuwang-qingge").update(status=Status.DRAFT)
    ids = list(Practice.objects.values_list("pk", flat=True))
    response = admin_client.post(
        reverse("admin:practices_practice_changelist"),
        {"action": "export_selected", "_selected_action": ids},
    )
    body = b"".join(response.streaming_content)
    with zipfile.ZipFile(io.BytesIO(body)) as bundle:
        rows = read_csv(bundle.read("practices.csv"))
    assert rows[0][-1] == "status"
    statuses = {r[1]: r[-1] for r in rows[1:]}
    assert statuses["xuzhou-shuwang-qingge"] == "draft" and len(statuses) == len(ids)


def test_export_query_count_does_not_grow_with_rows(
    client, seed_library, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        download(client, reverse("research:export_practices"))
    # PostgreSQL: the export's savepoint (a transaction of its own outside
    # tests), the planner setting, the ids, one chunk, the release.
    with django_assert_max_num_queries(6):
        download(client, reverse("research:export_table", args=["metrics"]))


def test_bad_table_name_is_404(client):
    assert client.get("/practices/passwords.csv").status_code == 404


def test_export_links_keep_the_query(client, seed_library):
    page = client.get(BROWSE, {"theme": "party-building", "q": "网格"}).content.decode()
    links = re.findall(r'href="(/practices/[a-z]+\.(?:csv|json|zip)\?[^"]*)"', page)
    assert links and all("theme=party-building" in link for link in links)


@pytest.mark.parametrize(
    "params",
    [{"q": "网" * 101}, {"year_to": "-1e700000"}, {"theme": "no-such-theme"}],
)
@pytest.mark.parametrize(
    "name", ["export.csv", "metrics.csv", "export.json", "export.zip"]
)
def test_an_export_refuses_what_the_page_ignores(client, seed_library, params, name):
    page = client.get(BROWSE, params, HTTP_ACCEPT_LANGUAGE="en")
    [message] = page.context["result"].messages
    response = client.get(f"/practices/{name}", params, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert message in response.content.decode()


@pytest.mark.parametrize("name", ["steps.csv", "export.json", "export.zip"])
def test_a_failure_mid_stream_is_logged_and_aborts_the_download(
    client, seed_library, monkeypatch, caplog, name
):
    from research import json_export, pg_csv, tables

    def failing(*args, **kwargs):
        yield []  # an empty batch, then the database goes away
        raise ConnectionError("database went away")

    monkeypatch.setattr(tables, "chunks", lambda *a: failing())
    monkeypatch.setattr(pg_csv, "practice_id_chunks", lambda *a: failing())
    monkeypatch.setattr(json_export, "chunks", lambda *a: failing())
    url = "/practices/" + name
    response = client.get(url)
    assert response.status_code == 200 and response.streaming
    with pytest.raises(ConnectionError):
        b"".join(response.streaming_content)
    [record] = [r for r in caplog.records if r.name == "govcases.exports"]
    assert record.exc_info and url in record.getMessage()


def test_the_zip_streams(client, seed_library):
    response = client.get(reverse("research:export_zip"))
    assert response.streaming
    first = next(iter(response.streaming_content))
    assert first.startswith(b"PK\x03\x04")


def test_export_json_runs_a_fixed_number_of_queries(client, seed_library):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(params):
        with CaptureQueriesContext(connection) as captured:
            download(client, reverse("research:export_json"), params)
        return len(captured)

    before = queries({})
    from ..casefiles.test_casefile import encode, good_file

    import_case_file(encode(good_file(20)), status=Status.PUBLISHED)
    assert queries({}) == before


AWKWARD = [
    'a "quoted", comma', "line\nbreak", "cr\rbreak", "=1+1", "-2", "＝全角", "@x",
    "\tx", "\rx", "", "普通文字",
]  # fmt: skip


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the CSV written by COPY is PostgreSQL's"
)
@pytest.mark.parametrize("table", ["steps", "involvements", "metrics"])
def test_postgresql_writes_the_linked_tables_byte_for_byte_as_python_does(
    client, seed_library, make_practice, make_step, make_metric, monkeypatch, table
):
    """research/pg_csv.py has COPY write the CSV: quoting, line ends, formula
    cells, empty cells, numbers and tree order must be those of csv_stream()."""
    from decimal import Decimal

    from research import pg_csv

    practice = make_practice(slug="awkward", status=Status.PUBLISHED)
    actor = Actor.objects.create(name='组"长",=负责', kind="residents")
    for index, words in enumerate(AWKWARD, start=1):
        step = make_step(practice, position=index, name=words or "空")
        step.description = words
        step.source_quote = words
        step.save()
        child = make_step(practice, position=2, parent=step, name=f"子{index}")
        make_step(practice, position=1, parent=step, name=f"先{index}")
        practice.involvements.create(actor=actor, step=child, role="leads")
        make_metric(practice, step=child, name=words or "无名", unit=words[:5],
                    value=Decimal("2.5000") * index, value_max=None)  # fmt: skip
    make_metric(practice, name="大数", value=Decimal("3000000.0000"), unit="元",
                value_max=Decimal("3500000.5000"))  # fmt: skip
    refresh_derived_fields(Practice.objects.filter(pk=practice.pk))
    url = reverse("research:export_table", args=[table])
    _, from_sql = download(client, url)
    monkeypatch.setattr(pg_csv, "supported", lambda *args: False)
    _, from_python = download(client, url)
    assert from_sql.decode().splitlines() == from_python.decode().splitlines()
    assert from_sql == from_python
    assert len(read_csv(from_sql)) > 20
