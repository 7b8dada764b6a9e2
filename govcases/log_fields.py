"""Log records name the request they come from: method, path and status, where known."""

import logging


class RequestFields(logging.Filter):
    def filter(self, record):
        request = getattr(record, "request", None)
        record.method = getattr(request, "method", "-")
        record.path = getattr(request, "path", "-")
        record.status_code = getattr(record, "status_code", "-")
        return True
