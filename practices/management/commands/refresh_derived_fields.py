"""manage.py refresh_derived_fields: recompute search text, counts and region paths."""

from django.core.management import BaseCommand

from practices.derived import refresh_derived_fields
from practices.models import Practice


class Command(BaseCommand):
    help = "Recompute the folded search text and tokens of every practice."

    def handle(self, *args, **options):
        refresh_derived_fields(Practice.objects.all())
        self.stdout.write(f"indexed {Practice.objects.count()} practice(s)")
