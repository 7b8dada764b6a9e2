"""manage.py import_cases FILE… [--dry-run] [--publish] [--max-bytes N]: the admin's
loader, with the admin's size limit; success is reported once the import committed."""

from pathlib import Path

from django.conf import settings
from django.core.management import BaseCommand, CommandError
from django.db import transaction

from casefiles.loader import CaseFileRejected, import_case_file
from practices.choices import Status
from practices.search_index import SearchIndexMerge


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
        parser.add_argument(
            "--max-bytes",
            type=int,
            default=settings.CASE_FILE_MAX_BYTES,
            help="largest file accepted (default: the admin's limit, "
            "GOVCASES_CASE_FILE_MAX_BYTES)",
        )

    def handle(self, files, dry_run, publish, max_bytes, **options):
        status = Status.PUBLISHED if publish else None
        contents = [(path, self._read(path, max_bytes)) for path in files]
        failed, reports, merges = False, [], []
        try:
            with transaction.atomic():
                for path, content in contents:
                    merges.append(SearchIndexMerge())
                    try:
                        preview = import_case_file(
                            content, status=status, dry_run=dry_run, merge=merges[-1]
                        )
                    except CaseFileRejected as exc:
                        failed = True
                        self._rejected(path, exc)
                        continue
                    reports.append((path, preview))
                if failed:
                    raise CommandError("nothing was imported: fix the errors above")
        except BaseException:
            for merge in merges:
                merge.finish(failed=True)
            raise
        for merge in merges:  # they ran beside the writing and the commit
            merge.finish()
        for path, preview in reports:  # the transaction has committed
            self._report(path, preview, dry_run)

    def _rejected(self, path, exc):
        self.stderr.write(f"{path}: rejected, {len(exc.errors)} error(s):")
        for where, message in exc.errors:
            self.stderr.write(f"  {where}: {message}")

    def _read(self, path, max_bytes):
        try:
            size = path.stat().st_size
            if size > max_bytes:
                raise CommandError(
                    f"{path}: {size} bytes is over the limit of {max_bytes} "
                    "(raise it with --max-bytes)"
                )
            return path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: cannot read: {exc.strerror}") from exc

    def _report(self, path, preview, dry_run):
        verb = "would import" if dry_run else "imported"
        self.stdout.write(f"{path}: {verb} {len(preview.practices)} practice(s)")
        for plan in preview.practices:
            self.stdout.write(
                f"  [{plan.change_label}] {plan.data['slug']}: {plan.data['title']} "
                f"({plan.step_count} steps, {len(plan.actor_names)} actors, "
                f"{plan.count('metrics')} metrics; {plan.status})"
            )
            for change in plan.changes:
                self.stdout.write(f"      {change}")
        if preview.new_actors:
            self.stdout.write(f"  new actors: {', '.join(preview.new_actors)}")
