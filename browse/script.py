"""Display in either script, quotes untouched: a cookie, and a middleware that converts
the page on the way out, except its verbatim passages.

Content is stored as written, Simplified or Traditional. A reader of 繁體 gets every
page (content and interface) in Traditional script, a reader of 简体 gets Traditional
content in Simplified — but a source passage is evidence: templates mark each quote
with the `verbatim` filter (browse_tags), and what lies between its markers is
never converted. Traditional output uses OpenCC's `s2tw`, the standard character
forms (群, 為, 峰, 核), not `s2t`'s variants (羣, 爲, 峯, 覈, which misread 雙峰縣 as
雙峯縣); not `s2twp`, whose Taiwan vocabulary would rewrite words, nor `s2hk`, which
keeps 羣 and 峯. Simplified output (`t2s`) runs only on pages that hold a Traditional
character, so most pages pay nothing for it.

Pages convert run of Han characters by run, each run's conversion remembered
(practices.folding.convert, which folding for search shares): the interface's words
and a popular page's titles are converted once per process, not on every request
(pure-Python OpenCC takes ~60 ms for a page).
"""

import re
from contextvars import ContextVar

from django.utils.cache import patch_vary_headers

from practices.folding import convert, has_traditional

SCRIPT_COOKIE = "script"
# The script of the response being made: the middleware sets it for the request.
CONTENT_SCRIPT = ContextVar("content_script", default="hans")
SCRIPTS = ("hans", "hant")
VERBATIM_START = "<!--verbatim-->"
VERBATIM_END = "<!--/verbatim-->"
VERBATIM = re.compile(
    f"({re.escape(VERBATIM_START)}.*?{re.escape(VERBATIM_END)})", re.S
)


def to_script(text, script):
    """`text` in `script` (hans or hant), its verbatim passages as they are."""
    if script == "hans" and not has_traditional(text):
        return text
    config = "s2tw" if script == "hant" else "t2s"
    return "".join(
        part if part.startswith(VERBATIM_START) else convert(part, config)
        for part in VERBATIM.split(text)
    )


def current_script():
    return CONTENT_SCRIPT.get()


def wants_traditional(request):
    return request.COOKIES.get(SCRIPT_COOKIE) == "hant"


class TraditionalScriptMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.script = "hant" if wants_traditional(request) else "hans"
        token = CONTENT_SCRIPT.set(request.script)
        try:
            response = self.get_response(request)
        finally:
            CONTENT_SCRIPT.reset(token)
        patch_vary_headers(response, ["Cookie"])
        if (
            not request.path.startswith("/admin/")
            and response.get("Content-Type", "").startswith("text/html")
            and not response.streaming
        ):
            text = response.content.decode(response.charset)
            converted = to_script(text, request.script)
            if converted is not text:
                response.content = converted.encode(response.charset)
                response["Content-Length"] = str(len(response.content))
        return response
