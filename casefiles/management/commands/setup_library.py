"""Load reference data and seed cases; on a local first run, create an admin.

Used by `make run`. Safe to run again: reference data is reloaded in place, seed
cases are imported only into a library that has no practices yet, and the admin
account is created only once.
"""

import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import BaseCommand, call_command

from practices.models import Practice

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
REFERENCE_FIXTURES = ["themes.json", "actors.json"]


class Command(BaseCommand):
    help = "Load reference data and seed cases; create a first local admin account."

    def handle(self, *args, **options):
        for name in REFERENCE_FIXTURES:
            if (FIXTURES / name).exists():
                call_command("loaddata", str(FIXTURES / name), verbosity=0)
                self.stdout.write(f"loaded {name}")
        call_command("load_regions", stdout=self.stdout)
        case_files = sorted(str(p) for p in (FIXTURES / "cases").glob("*.json"))
        if case_files and not Practice.objects.exists():
            call_command("import_cases", *case_files, stdout=self.stdout)
        self.create_first_admin()

    def create_first_admin(self):
        if not is_local_first_run_database():
            return
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser("admin", "", password)
        self.stdout.write(
            self.style.WARNING(
                "\nCreated a local admin account (shown once, not stored anywhere):\n"
                f"  user: admin\n  password: {password}\n"
                "Change it with: .venv/bin/python manage.py changepassword admin\n"
            )
        )


def is_local_first_run_database():
    """Only the embedded SQLite default, with debug on, gets an automatic account."""
    db = settings.DATABASES["default"]
    default_sqlite = Path(settings.BASE_DIR) / "db.sqlite3"
    return (
        settings.DEBUG
        and db["ENGINE"] == "django.db.backends.sqlite3"
        and Path(str(db["NAME"])).resolve() == default_sqlite.resolve()
    )
