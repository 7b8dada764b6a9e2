"""Streamed downloads that fail loudly: an error after the first byte is logged with
its traceback and re-raised, so the server aborts the connection and the client sees
an incomplete transfer, never a clean 200 with a cut body."""

import logging
import re
from contextlib import contextmanager

from django.db import connection, transaction
from django.db.models import Max
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

logger = logging.getLogger("govcases.exports")


def guarded(chunks, request):
    try:
        yield from chunks
    except GeneratorExit:
        raise  # the client went away: nothing to report
    except Exception:
        logger.exception(
            "Export stream failed mid-way: %s %s",
            request.method,
            request.get_full_path(),
        )
        raise


@contextmanager
def one_snapshot():
    """A transaction in which an export reads: every query sees the library as it
    was when the first one ran (PostgreSQL's REPEATABLE READ, read only), so a
    practice published or withdrawn mid-download is in all of an export's tables
    or in none — its chunks and a zip's members are separate queries, each of
    which would otherwise see what had committed by then. A transaction also keeps
    Django's server-side cursors from being WITH HOLD, which PostgreSQL runs to the
    end before the first row leaves (practices.csv at 100k: first row after 0.5 s
    instead of 0.2 s). Inside another transaction (a zip's members, tests) it is a
    savepoint of that one."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"
                )
        yield


def streamed(chunks, request, content_type, filename):
    response = StreamingHttpResponse(
        guarded(chunks, request), content_type=content_type
    )
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["X-Dataset-Version"] = dataset_version()
    return response


def dataset_version():
    """The library's version: the time of its latest change to a published practice
    (one indexed aggregate)."""
    from practices.models import Practice

    latest = Practice.objects.published().aggregate(latest=Max("updated_at"))["latest"]
    return latest.isoformat(timespec="seconds") if latest else "empty"


def export_filename(request, stem, extension):
    """govcases-<stem>[-<the query, short>]-<date>.<extension>, so that two filtered
    downloads never overwrite each other; Chinese kept (RFC 6266 filename*)."""
    parts = []
    for key, value in request.GET.lists():
        values = [v for v in value if v.strip()]
        if key not in IGNORED_IN_NAMES and values:
            parts.append(f"{key}-{'+'.join(values)}")
    query = UNSAFE_IN_NAMES.sub("-", "_".join(parts))[:MAX_QUERY_IN_NAME].strip("-_")
    day = timezone.localdate().isoformat()
    return "-".join(p for p in ["govcases", stem, query, day] if p) + f".{extension}"


IGNORED_IN_NAMES = {"page", "sort", "compare"}
UNSAFE_IN_NAMES = re.compile(r"[^\w+.-]+")
MAX_QUERY_IN_NAME = 60
