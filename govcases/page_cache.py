"""Whole public pages kept in the cache under the library's version.

An anonymous visitor's GET of a public page is the same for everyone who reads in
the same language and script, until the library changes. So the page, as sent
(after the script conversion, with its ETag), is kept in Django's cache under a
key made of the library's version (practices/library_version.py: every committed
write to public content moves it on), the URL, the interface language and the
script. A repeated request is answered from the cache in a millisecond or two
without touching the database; a conditional request whose ETag still matches
gets 304 Not Modified.

What is never kept: anything for a signed-in user or a visitor carrying any cookie
other than the language and script choices (a session, a message), the admin,
non-GET requests, streamed downloads, and every response that is not a plain 200
with no cookie and no Cache-Control of its own — the rule that marks a page
shareable for browsers and proxies (govcases.middleware.is_shareable), applied
here as well.

Keep time: settings.PAGE_CACHE_SECONDS (0 turns the cache off). With a shared
cache (GOVCASES_CACHE_URL, Redis) the version is the same for every server, so a
day is safe; a cache per process keeps pages 30 s, the most another process may
lag a write.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.utils.cache import get_conditional_response
from django.utils.translation import get_language_from_request

from browse.script import SCRIPT_COOKIE
from practices.library_version import library_version

from .middleware import is_shareable

# Cookies that choose how a page is shown, and so are part of the key; a request
# with any other cookie (a session, a message) is not served from the cache.
SHOWN_BY = (settings.LANGUAGE_COOKIE_NAME, SCRIPT_COOKIE, settings.CSRF_COOKIE_NAME)
HIT_HEADER = "X-Page-Cache"


def page_key(request, version):
    """The cache key of a page: version, URL (with scheme and host: pages name
    themselves in links and citations), language, script."""
    parts = (
        str(version),
        request.build_absolute_uri(),
        get_language_from_request(request),
        request.COOKIES.get(SCRIPT_COOKIE, ""),
    )
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"page:{digest}"


def cacheable_request(request):
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and not request.path.startswith("/admin/")
        and all(name in SHOWN_BY for name in request.COOKIES)
    )


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not cacheable_request(request):
            return self.get_response(request)
        # The version is read before the page is made: a write committed meanwhile
        # moves it on, so a page made from older rows is never kept under the new one.
        key = page_key(request, library_version())
        cached = cache.get(key)
        if cached is not None:
            response = (
                get_conditional_response(
                    request, etag=cached.get("ETag"), response=cached
                )
                or cached
            )
            response[HIT_HEADER] = "hit"
            return response
        response = self.get_response(request)
        if not response.streaming and is_shareable(request, response):
            cache.set(key, response, settings.PAGE_CACHE_SECONDS)
        response[HIT_HEADER] = "miss"
        return response
