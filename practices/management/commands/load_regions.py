"""Load fixtures/regions.csv and fixtures/region_history.csv (docs/regions.md)."""

import time
from pathlib import Path

from django.conf import settings
from django.core.management import BaseCommand

from practices.derived import refresh_derived_fields
from practices.library_version import library_changed
from practices.models import FormerRegion, Practice, Region
from practices.regions import load_regions

FIXTURES = Path(settings.BASE_DIR) / "fixtures"


class Command(BaseCommand):
    help = "Load the region list and its code history; practices keep their regions."

    def add_arguments(self, parser):
        parser.add_argument("--regions", default=str(FIXTURES / "regions.csv"))
        parser.add_argument("--history", default=str(FIXTURES / "region_history.csv"))

    def handle(self, *args, regions, history, **options):
        started = time.perf_counter()
        report = load_regions(regions, history, Region, FormerRegion, Practice)
        library_changed()  # written in bulk: no signals
        renamed = Practice.objects.filter(region__in=report.renamed_regions)
        # Region names are part of the search text.
        refresh_derived_fields(renamed)
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(f"in {time.perf_counter() - started:.1f} s")
