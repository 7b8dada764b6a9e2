"""Shared fixtures: reference data loaded once, and small factories."""

import io
import json
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command

from practices.choices import Level, MetricKind, Status
from practices.models import Metric, Practice, Region, SourceDocument, Step

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SEED_CASE_FILES = sorted((FIXTURES / "cases").glob("*.json"))
SOURCE_TEXT = "寿光市委政法委等14个部门入驻办公，1天完成分派、3天~5天完成处置。"


def load_reference_data():
    call_command("loaddata", str(FIXTURES / "themes.json"), verbosity=0)
    call_command("load_regions", stdout=io.StringIO())


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Themes and all of China's regions, loaded once for the whole session."""
    with django_db_blocker.unblock():
        load_reference_data()


@pytest.fixture(autouse=True)
def no_facet_cache(settings):
    """Each test counts its own data (tests/test_scaling.py tests the cache), and
    reads no page another test cached (the sitemap)."""
    settings.FACET_CACHE_SECONDS = 0
    settings.PAGE_CACHE_SECONDS = 0
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def plain_static_files(settings):
    """Tests render templates without a collectstatic manifest."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }


@pytest.fixture
def region():
    return Region.objects.by_name_path("山东省/潍坊市/寿光市").get()


@pytest.fixture
def make_practice(db, region):
    counter = {"n": 0}

    def make(**fields):
        counter["n"] += 1
        source = SourceDocument.objects.create(
            slug=f"source-{counter['n']}",
            title="寿光路径",
            script="hans",
            text=SOURCE_TEXT,
        )
        values = {
            "slug": f"practice-{counter['n']}",
            "title": f"做法{counter['n']}",
            "region": region,
            "implementing_level": Level.COUNTY,
            "summary": "一个中心，四治融合。",
            "status": Status.PUBLISHED,
        }
        values.update(fields)
        practice = Practice.objects.create(**values)
        practice.sources.add(source)
        return practice

    return make


@pytest.fixture
def make_step():
    def make(practice, position=1, parent=None, name="一口受理"):
        return Step.objects.create(
            practice=practice,
            parent=parent,
            position=position,
            name=name,
            source_quote="14个部门入驻办公",
        )

    return make


@pytest.fixture
def make_metric():
    def make(practice, step=None, **fields):
        values = {
            "name": "入驻部门",
            "value": 14,
            "unit": "个",
            "kind": MetricKind.INPUT,
            "source_quote": "14个部门入驻办公",
        }
        values.update(fields)
        return Metric.objects.create(practice=practice, step=step, **values)

    return make


def staff_user(username, group_name):
    user = User.objects.create_user(
        username, password="pw-for-tests-only", is_staff=True
    )
    user.groups.add(Group.objects.get(name=group_name))
    return User.objects.get(pk=user.pk)  # fresh permission cache


@pytest.fixture
def editor(db):
    return staff_user("editor", "editors")


@pytest.fixture
def reviewer(db):
    return staff_user("reviewer", "reviewers")


@pytest.fixture
def seed_library(db):
    """The seed case files, imported (published) through the real loader."""
    from casefiles.loader import import_case_file

    for path in SEED_CASE_FILES:
        import_case_file(path.read_bytes())


def seed_documents():
    return [json.loads(path.read_text(encoding="utf-8")) for path in SEED_CASE_FILES]


def pytest_report_header(config):
    from django.conf import settings

    db = settings.DATABASES["default"]
    return f"database: {db['ENGINE'].rsplit('.', 1)[-1]} {db.get('HOST') or db['NAME']}"
