"""manage.py refresh_derived_fields: recompute search text, counts and region paths."""

import time

from django.core.management import BaseCommand
from django.db import connection

from practices.derived import refresh_derived_fields
from practices.models import Practice

# Practices per slice; on PostgreSQL the tables are vacuumed after each slice that
# changed rows, so the space of the old row versions is used again by the next
# slice instead of the tables growing by a copy of everything rewritten.
SLICE = 10_000
VACUUMED = [
    "practices_practice", "practices_practicesearch", "practices_step",
    "practices_metric",
]  # fmt: skip


class Command(BaseCommand):
    help = (
        "Recompute the derived fields (search text and tokens, counts, region paths, "
        "quote passages) of every practice, writing only what changes."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        ids = list(Practice.objects.order_by("pk").values_list("pk", flat=True))
        changed = 0
        for start in range(0, len(ids), SLICE):
            part = refresh_derived_fields(
                Practice.objects.filter(pk__in=ids[start : start + SLICE])
            )
            if part:
                vacuum()
            changed += part
        self.stdout.write(
            f"checked {len(ids)} practice(s), {changed} changed, "
            f"in {time.monotonic() - started:.1f} s"
        )


def vacuum():
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        for table in VACUUMED:
            cursor.execute(f"VACUUM (ANALYZE) {table}")
