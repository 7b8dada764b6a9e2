"""Load the region list (fixtures/regions.csv) and its code history
(fixtures/region_history.csv) into the library, new or existing (docs/regions.md).

Regions are matched by code, never by database id, so a region that is still on
the list keeps its row and its practices. A row whose code was withdrawn follows
the history: renamed (宁乡县 430124 → 宁乡市 430182), it becomes its successor and
keeps its practices; merged, its practices move to the division that now holds its
territory. Rows on no list are kept only if practices use them. All in one
transaction: an interrupted load leaves the regions as they were.

Written against the model API a migration's historical models have too, so the data
migration that brought existing libraries up to date calls it as it is.
"""

import csv
from dataclasses import dataclass, field

from django.core.management.color import no_style
from django.db import connections, transaction
from django.db.models import CharField, F, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Concat

BATCH = 2000
SEGMENT = 6  # digits of one primary key in Region.path


@dataclass
class LoadReport:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    kept_off_list: list = field(default_factory=list)
    moved_practices: int = 0
    renamed_regions: set = field(default_factory=set)  # pks whose full name changed

    def lines(self):
        lines = [
            f"regions: {self.created} created, {self.updated} updated, "
            f"{self.deleted} deleted; {self.moved_practices} practices moved "
            f"to a successor"
        ]
        if self.kept_off_list:
            names = ", ".join(self.kept_off_list)
            lines.append(f"kept (not on the list, used by practices): {names}")
        return lines


def read_rows(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def load_regions(regions_csv, history_csv, Region, FormerRegion, Practice):
    """Bring the Region table in line with the files; returns a LoadReport."""
    rows = read_rows(regions_csv)
    history = read_rows(history_csv)
    with transaction.atomic():
        return _load(rows, history, Region, FormerRegion, Practice)


def _load(rows, history, Region, FormerRegion, Practice):
    report = LoadReport()
    if _unchanged(rows, history, Region, FormerRegion):
        _reset_id_sequence(Region)
        return report
    wanted = {row["code"]: row for row in rows}
    existing = {r["pk"]: r for r in Region.objects.values("pk", "code", "name", "path")}
    names = {pk: r["name"] for pk, r in existing.items()}
    full_names = {
        pk: "/".join(names[int(p)] for p in r["path"].strip("/").split("/"))
        for pk, r in existing.items()
    }
    # Which existing row becomes which listed code; which rows hand their practices on.
    pk_of, hand_on = {}, {}
    by_old_code = {h["old_code"]: h for h in history if h["old_code"]}
    by_old_path = {f"{h['old_parent']}/{h['old_name']}": h for h in history}
    for pk, region in sorted(existing.items()):
        code = region["code"]
        if code in wanted and code not in pk_of:
            pk_of[code] = pk
    for pk, region in sorted(existing.items()):
        code = region["code"]
        if code in wanted and pk_of.get(code) == pk:
            continue
        change = by_old_code.get(code) or by_old_path.get(full_names[pk])
        if change is None:
            continue
        successor = change["successor_code"]
        if change["relation"] == "renamed" and successor not in pk_of:
            pk_of[successor] = pk
        else:
            hand_on[pk] = successor

    used = set(Practice.objects.values_list("region_id", flat=True).distinct())
    listed_pks = set(pk_of.values())
    off_list = [
        pk for pk in existing if pk not in listed_pks and pk not in hand_on
    ]  # fmt: skip
    kept = [pk for pk in off_list if pk in used]
    report.kept_off_list = [full_names[pk] for pk in kept]

    next_pk = max(existing, default=0) + 1
    final = {}  # code -> (pk, row)
    for row in rows:
        pk = pk_of.get(row["code"])
        if pk is None:
            pk, next_pk = next_pk, next_pk + 1
        final[row["code"]] = pk
    paths = {}
    for row in rows:  # parents come before their children in the file
        pk = final[row["code"]]
        parent = row["parent_code"]
        prefix = paths[final[parent]] if parent else ""
        paths[pk] = f"{prefix}{pk:0{SEGMENT}d}/"

    def region(row):
        pk = final[row["code"]]
        return Region(
            pk=pk,
            code=row["code"],
            name=row["name"],
            name_en=row["name_en"],
            level=row["level"],
            parent_id=final[row["parent_code"]] if row["parent_code"] else None,
            path=paths[pk],
            depth=paths[pk].count("/"),
            lon=float(row["lon"]) if row["lon"] else None,
            lat=float(row["lat"]) if row["lat"] else None,
            note=row["note"],
        )

    # Only rows that change are written. Those first give up every unique value the
    # new state may reuse (rows that stay as they are already hold theirs).
    fields = ["code", "name", "name_en", "level", "parent_id", "path", "depth", "lon",
              "lat", "note"]  # fmt: skip
    stored = {
        row[0]: row[1:]
        for row in Region.objects.filter(pk__in=existing).values_list("pk", *fields)
    }
    updates = [
        obj
        for obj in (region(row) for row in rows if final[row["code"]] in existing)
        if stored[obj.pk] != tuple(getattr(obj, name) for name in fields)
    ]
    doomed = [pk for pk in existing if pk not in listed_pks and pk not in kept]
    freed = [obj.pk for obj in updates] + doomed
    for start in range(0, len(freed), BATCH):
        Region.objects.filter(pk__in=freed[start : start + BATCH]).update(
            code=None,
            parent=None,
            path=Concat(Value("~"), Cast("pk", CharField()), Value("/")),
        )
    for old_pk, successor in hand_on.items():
        report.moved_practices += Practice.objects.filter(region_id=old_pk).update(
            region_id=final[successor]
        )
    for start in range(0, len(doomed), BATCH):
        Region.objects.filter(pk__in=doomed[start : start + BATCH]).delete()
    report.deleted = len(doomed)
    Region.objects.bulk_update(
        updates, [f.removesuffix("_id") for f in fields], batch_size=200
    )
    report.updated = len(updates)
    creates = [region(row) for row in rows if final[row["code"]] not in existing]
    Region.objects.bulk_create(creates, batch_size=BATCH)
    report.created = len(creates)
    _keep_off_list(Region, kept)

    FormerRegion.objects.all().delete()
    FormerRegion.objects.bulk_create(
        [
            FormerRegion(
                old_code=h["old_code"],
                old_name=h["old_name"],
                old_parent=h["old_parent"],
                successor_id=final[h["successor_code"]],
                relation=h["relation"],
                basis=h["basis"],
            )
            for h in history
        ],
        batch_size=BATCH,
    )
    new_names = {final[row["code"]]: row for row in rows}
    for pk, old_full in full_names.items():
        if pk in paths and _full_name(pk, paths, new_names) != old_full:
            report.renamed_regions.add(pk)
    _refresh_practice_paths(Region, Practice)
    _reset_id_sequence(Region)
    return report


def _reset_id_sequence(Region):
    """Rows were written with their ids: PostgreSQL's id sequence must move past them
    (a region added by hand later would otherwise collide)."""
    connection = connections[Region.objects.db]
    statements = connection.ops.sequence_reset_sql(no_style(), [Region])
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _unchanged(rows, history, Region, FormerRegion):
    """Is the library already exactly the files? (Then a second load writes nothing.)"""
    if Region.objects.count() != len(rows):
        return False
    if FormerRegion.objects.count() != len(history):
        return False
    stored = Region.objects.values_list(
        "code", "name", "name_en", "level", "parent__code", "note"
    )
    wanted = {
        (r["code"], r["name"], r["name_en"], r["level"], r["parent_code"] or None,
         r["note"])
        for r in rows
    }  # fmt: skip
    if set(stored) != wanted:
        return False
    former = FormerRegion.objects.values_list(
        "old_code", "old_name", "successor__code", "relation"
    )
    return set(former) == {
        (h["old_code"], h["old_name"], h["successor_code"], h["relation"])
        for h in history
    }


def _full_name(pk, paths, rows_by_pk):
    return "/".join(rows_by_pk[int(p)]["name"] for p in paths[pk].strip("/").split("/"))


def _keep_off_list(Region, kept):
    """Rows on no list that practices use stay, at the top level, with their name."""
    for pk in kept:
        Region.objects.filter(pk=pk).update(path=f"{pk:0{SEGMENT}d}/", depth=1)


def _refresh_practice_paths(Region, Practice):
    """Practices whose stored region path is no longer their region's: one update."""
    path = Region.objects.filter(pk=OuterRef("region_id")).values("path")[:1]
    Practice.objects.exclude(region_path=F("region__path")).update(
        region_path=Subquery(path)
    )
