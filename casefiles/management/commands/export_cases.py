"""manage.py export_cases [--output FILE] [--slug SLUG…] [--published-only]."""

from django.core.management import BaseCommand

from casefiles.writer import dump_case_file, export_case_file
from practices.models import Practice


class Command(BaseCommand):
    help = "Write practices as a case file (the format import_cases reads)."

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="file to write (default: stdout)")
        parser.add_argument("--slug", action="append", help="only these practices")
        parser.add_argument("--published-only", action="store_true")

    def handle(self, output=None, slug=None, published_only=False, **options):
        practices = Practice.objects.order_by("slug")
        if slug:
            practices = practices.filter(slug__in=slug)
        if published_only:
            practices = practices.published()
        text = dump_case_file(export_case_file(practices))
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text)
        else:
            self.stdout.write(text, ending="")
