"""manage.py import_cases FILE… [--dry-run] [--publish]: the admin's loader."""

from pathlib import Path

from django.core.management import BaseCommand, CommandError
from django.db import transaction

from casefiles.loader import CaseFileRejected, import_case_file
from practices.choices import Status


class Command(BaseCommand):
    help = "Check and import case files (all of them, or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="check and preview; write nothing"
        )
        parser.add_argument(
            "--publish", action="store_true", help="publish every imported practice"
        )

    def handle(self, files, dry_run, publish, **options):
        status = Status.PUBLISHED if publish else None
        failed = False
        with transaction.atomic():
            for path in files:
                try:
                    content = path.read_bytes()
                except OSError as exc:
                    raise CommandError(f"{path}: cannot read: {exc.strerror}") from exc
                try:
                    preview = import_case_file(content, status=status, dry_run=dry_run)
                except CaseFileRejected as exc:
                    failed = True
                    self.stderr.write(f"{path}: rejected, {len(exc.errors)} error(s):")
                    for where, message in exc.errors:
                        self.stderr.write(f"  {where}: {message}")
                    continue
                self._report(path, preview, dry_run)
            if failed:
                raise CommandError("nothing was imported: fix the errors above")

    def _report(self, path, preview, dry_run):
        verb = "would import" if dry_run else "imported"
        self.stdout.write(f"{path}: {verb} {len(preview.practices)} practice(s)")
        for plan in preview.practices:
            self.stdout.write(
                f"  [{plan.change_label}] {plan.data['slug']}: {plan.data['title']} "
                f"({plan.step_count} steps, {len(plan.actor_names)} actors, "
                f"{plan.count('metrics')} metrics)"
            )
        if preview.new_actors:
            self.stdout.write(f"  new actors: {', '.join(preview.new_actors)}")
