"""manage.py export_csv [--table T] [browse filters…] [-o FILE]: the public export."""

from django.core.management import BaseCommand, CommandError
from django.http import QueryDict

from browse.selectors import filter_error_messages, filtered_practices
from practices.models import Practice
from research.tables import TABLES, csv_stream

SINGLE = ["q", "region", "year_from", "year_to", "has_metrics", "sort"]
MULTIPLE = ["theme", "actor_kind", "level"]


class Command(BaseCommand):
    help = "Write one export table as CSV for the same filters as the browse page."

    def add_arguments(self, parser):
        parser.add_argument("--table", choices=list(TABLES), default="practices")
        parser.add_argument("--output", "-o", help="file to write (default: stdout)")
        parser.add_argument(
            "--include-drafts",
            action="store_true",
            help="staff export: every practice, with a status column",
        )
        parser.add_argument("--base-url", default="", help="prefix for the url column")
        for name in SINGLE:
            parser.add_argument(f"--{name.replace('_', '-')}", dest=name)
        for name in MULTIPLE:
            parser.add_argument(
                f"--{name.replace('_', '-')}", dest=name, action="append"
            )

    def handle(self, *args, **options):
        params = QueryDict(mutable=True)
        for name in SINGLE:
            if options[name] is not None:
                params[name] = options[name]
        for name in MULTIPLE:
            params.setlist(name, options[name] or [])
        staff = options["include_drafts"]
        base = Practice.objects.all() if staff else None
        filterset = filtered_practices(params, base)
        errors = filter_error_messages(filterset)
        if errors:
            raise CommandError("; ".join(errors))
        context = {"staff": staff, "base_url": options["base_url"].rstrip("/")}
        chunks = csv_stream(TABLES[options["table"]], filterset.qs, context)
        if options["output"]:
            with open(options["output"], "wb") as out:
                out.writelines(chunks)
            return
        stream = self.stdout._out  # the text stream given (call_command) or stdout
        binary = getattr(stream, "buffer", None)  # the chunks are UTF-8 bytes
        if binary is None:
            stream.writelines(chunk.decode() for chunk in chunks)
        else:
            stream.flush()
            binary.writelines(chunks)
