"""Settings from the environment, the first-run admin account, and lint."""

import os
import shutil
import subprocess
import sys

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from casefiles.management.commands.setup_library import is_local_first_run_database

from .conftest import ROOT


def run_python(code, **env):
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    full_env.update(env, DJANGO_SETTINGS_MODULE="govcases.settings")
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
    )


def test_refuses_to_start_without_a_secret_key_when_debug_is_off():
    result = run_python("import django; django.setup()", DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_settings_come_from_the_environment():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DEBUG, s.ALLOWED_HOSTS, s.DATABASES['default']['ENGINE'], "
        "s.LANGUAGE_CODE, s.TIME_ZONE)"
    )
    result = run_python(
        code,
        DJANGO_SECRET_KEY="k" * 10 + "-long-enough-for-the-django-minimum-0123456789",
        DJANGO_ALLOWED_HOSTS="cases.example.org,www.example.org",
        DATABASE_URL="postgres://u@db.invalid:5432/govcases",
    )
    assert result.stdout.split() == [
        "False",
        "['cases.example.org',",
        "'www.example.org']",
        "django.db.backends.postgresql",
        "zh-hans",
        "Asia/Shanghai",
    ]


def test_first_admin_only_on_the_local_sqlite_default(settings):
    settings.DEBUG = True
    settings.DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(ROOT / "db.sqlite3"),
        }
    }
    assert is_local_first_run_database()
    settings.DEBUG = False
    assert not is_local_first_run_database()
    settings.DEBUG = True
    settings.DATABASES["default"]["ENGINE"] = "django.db.backends.postgresql"
    assert not is_local_first_run_database()


@pytest.mark.django_db
def test_setup_library_creates_one_admin_with_a_random_password(monkeypatch, capsys):
    monkeypatch.setattr(
        "casefiles.management.commands.setup_library.is_local_first_run_database",
        lambda: True,
    )
    call_command("setup_library")
    first = capsys.readouterr().out
    assert "password:" in first
    password = first.split("password:")[1].split()[0]
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.check_password(password)
    call_command("setup_library")
    again = capsys.readouterr().out
    assert "password:" not in again
    assert User.objects.filter(is_superuser=True).count() == 1
    call_command("setup_library")
    # Seed cases were loaded, published, the first time only.
    from practices.models import Practice

    assert Practice.objects.published().count() >= 10


def test_ruff_check_is_clean():
    ruff = shutil.which("ruff", path=os.path.dirname(sys.executable)) or shutil.which(
        "ruff"
    )
    if ruff is None:
        pytest.fail("ruff is not installed: pip install -r requirements-dev.txt")
    result = subprocess.run(
        [ruff, "check", "."], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout
