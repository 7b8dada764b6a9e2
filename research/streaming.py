"""Streamed downloads that fail loudly: an error after the first byte is logged with
its traceback and re-raised, so the server aborts the connection and the client sees
an incomplete transfer, never a clean 200 with a cut body."""

import logging

from django.http import StreamingHttpResponse

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


def streamed(chunks, request, content_type, filename):
    response = StreamingHttpResponse(
        guarded(chunks, request), content_type=content_type
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
