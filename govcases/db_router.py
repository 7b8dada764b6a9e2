"""Reads from a PostgreSQL replica, writes to the primary (DATABASE_REPLICA_URL).

Public pages only read, so they may be served by a replica. A request that may write
(any method but GET and HEAD) and every admin page stay on the primary for all their
queries, so an editor always sees their own save.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings

_primary_only = ContextVar("primary_only", default=False)
REPLICA = "replica"


@contextmanager
def primary_only():
    token = _primary_only.set(True)
    try:
        yield
    finally:
        _primary_only.reset(token)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _primary_only.get() or REPLICA not in settings.DATABASES:
            return "default"
        return REPLICA

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


class PrimaryForWritesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD") and not request.path.startswith("/admin/"):
            return self.get_response(request)
        with primary_only():
            return self.get_response(request)
