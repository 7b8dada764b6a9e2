"""Past one machine (docs/deployment.md): facet counts in a shared Redis cache, and
reads routed to a replica while writes and the admin stay on the primary."""

import os

import pytest
import redis
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from govcases.db_router import PrimaryForWritesMiddleware, ReplicaRouter, primary_only
from practices.models import Practice

pytestmark = pytest.mark.django_db
REDIS_URL = os.environ.get("GOVCASES_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def redis_cache(settings):
    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.ConnectionError:
        if os.environ.get("CI"):
            pytest.fail(f"Redis is not answering at {REDIS_URL}")
        pytest.skip("Redis is not running")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "govcases-test",
        }
    }
    settings.FACET_CACHE_SECONDS = 30
    caches["default"].clear()
    yield caches["default"]
    caches["default"].clear()


def facet_queries(client):
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/practices/", {"theme": "party-building"})
    assert response.status_code == 200
    return [q["sql"] for q in captured if "GROUP BY" in q["sql"]]


def test_facet_counts_are_shared_through_redis(client, seed_library, redis_cache):
    counted = facet_queries(client)  # the list, its theme group, its actors
    assert 1 <= len(counted) <= 3
    assert facet_queries(client) == []  # counted once, then read from Redis
    keys = redis.Redis.from_url(REDIS_URL).keys("govcases-test:*facets:*")
    assert len(keys) == 3
    total = client.get("/practices/").context["result"].page.paginator.count
    assert total == Practice.objects.published().count()


def test_reads_go_to_the_replica_and_writes_to_the_primary(settings):
    settings.DATABASES = {**settings.DATABASES, "replica": {}}
    router = ReplicaRouter()
    assert router.db_for_read(Practice) == "replica"
    assert router.db_for_write(Practice) == "default"
    with primary_only():
        assert router.db_for_read(Practice) == "default"
    assert not router.allow_migrate("replica", "practices")


@pytest.mark.parametrize(
    "method, path, primary",
    [("GET", "/practices/", False), ("POST", "/practices/", True),
     ("GET", "/admin/practices/practice/", True)],
)  # fmt: skip
def test_the_admin_and_writes_read_from_the_primary(
    rf, settings, method, path, primary
):
    settings.DATABASES = {**settings.DATABASES, "replica": {}}
    seen = []
    middleware = PrimaryForWritesMiddleware(
        lambda request: seen.append(ReplicaRouter().db_for_read(Practice))
    )
    middleware(rf.generic(method, path))
    assert seen == ["default" if primary else "replica"]


def test_a_write_moves_the_library_on_and_the_counts_are_right_at_once(
    client, seed_library, settings, django_capture_on_commit_callbacks
):
    """Counts may be kept a day: any committed write to public content is seen at
    once, because they are cached under the library's version."""
    from django.db import transaction

    from practices.library_version import library_version

    settings.FACET_CACHE_SECONDS = 24 * 3600
    facet_queries(client)
    assert facet_queries(client) == []  # cached
    practice = Practice.objects.published().get(slug="xuzhou-shuwang-qingge")
    before = library_version()
    with pytest.raises(RuntimeError), transaction.atomic():
        practice.title = "改过的标题"
        practice.save()
        raise RuntimeError  # rolled back: nothing moves
    assert library_version() == before
    assert facet_queries(client) == []
    practice.refresh_from_db()
    practice.status = "draft"
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        practice.save()  # committed: the library moves on
    assert library_version() > before
    assert facet_queries(client) != []  # counted afresh
    total = client.get("/practices/").context["result"].page.paginator.count
    assert total == Practice.objects.published().count()


def test_one_transaction_moves_the_library_on_once(
    seed_library, django_capture_on_commit_callbacks
):
    from django.db import transaction

    from practices.library_version import library_version

    before = library_version()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            for practice in Practice.objects.all()[:5]:
                practice.save()
    assert len(callbacks) == 1 and library_version() == before + 1


def test_the_next_page_of_a_list_counts_nothing_and_renders_the_same_panel(
    client, seed_library, settings, django_capture_on_commit_callbacks
):
    """Facets and their panel are kept under the query without its page number;
    a committed write shows new counts at once."""
    settings.FACET_CACHE_SECONDS = 3600
    first = client.get("/practices/", {"page": "1"}).content.decode()
    assert facet_queries(client) != []  # another query: counted
    with CaptureQueriesContext(connection) as captured:
        second = client.get("/practices/", {"page": "2"}).content.decode()
    assert not [q for q in captured if "GROUP BY" in q["sql"]]
    panel = first.split('id="facet-region"')[1].split("</form>")[0]
    assert panel == second.split('id="facet-region"')[1].split("</form>")[0]
    practice = Practice.objects.published().get(slug="xuzhou-shuwang-qingge")
    practice.status = "draft"
    with django_capture_on_commit_callbacks(execute=True):
        practice.save()
    after = client.get("/practices/", {"page": "2"})
    total = Practice.objects.published().count()
    assert after.context["result"].page.paginator.count == total
    after_panel = after.content.decode().split('id="facet-region"')[1]
    assert after_panel.split("</form>")[0] != panel  # counted and drawn afresh
