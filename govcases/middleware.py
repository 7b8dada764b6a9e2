"""Headers and methods for the open internet: TRACE refused, a Content-Security-Policy
on every response, anonymous public pages cacheable, HEAD answered without a body."""

from django.conf import settings
from django.http import HttpResponseNotAllowed
from django.utils.cache import patch_cache_control

REFUSED_METHODS = {"TRACE", "TRACK", "CONNECT"}
ALLOWED_METHODS = ["GET", "HEAD", "POST", "OPTIONS"]


class SiteHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in REFUSED_METHODS:
            return HttpResponseNotAllowed(ALLOWED_METHODS)
        response = self.get_response(request)
        admin = request.path.startswith("/admin/")
        policy = (
            settings.CONTENT_SECURITY_POLICY_ADMIN
            if admin
            else settings.CONTENT_SECURITY_POLICY
        )
        response.headers.setdefault("Content-Security-Policy", policy)
        if not admin and is_shareable(request, response):
            patch_cache_control(
                response, public=True, max_age=settings.PUBLIC_CACHE_SECONDS
            )
        if request.method == "HEAD":
            without_body(response)
        return response


def is_shareable(request, response):
    """A GET of a public page by an anonymous visitor that sets no cookie: the same
    for everyone with the same language and script cookies (Vary says so)."""
    return (
        request.method in ("GET", "HEAD")
        and response.status_code == 200
        and not response.cookies
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not response.has_header("Cache-Control")
    )


def without_body(response):
    """The headers a GET would carry, and no body (gunicorn warns about a body)."""
    if response.streaming:
        close = getattr(response.streaming_content, "close", None)
        response.streaming_content = []
        if close:
            close()
        return
    response.headers.setdefault("Content-Length", str(len(response.content)))
    response.content = b""
