"""Display in Traditional script: a cookie, and a middleware that converts the page.

Content is stored as written; a reader who prefers Traditional script gets every
page (content and interface) converted with OpenCC s2t on the way out.
"""

from django.utils.cache import patch_vary_headers

from practices.search import to_traditional

SCRIPT_COOKIE = "script"
SCRIPTS = ("hans", "hant")


def wants_traditional(request):
    return request.COOKIES.get(SCRIPT_COOKIE) == "hant"


class TraditionalScriptMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.script = "hant" if wants_traditional(request) else "hans"
        response = self.get_response(request)
        patch_vary_headers(response, ["Cookie"])
        if (
            request.script == "hant"
            and not request.path.startswith("/admin/")
            and response.get("Content-Type", "").startswith("text/html")
            and not response.streaming
        ):
            text = response.content.decode(response.charset)
            response.content = to_traditional(text).encode(response.charset)
            response["Content-Length"] = str(len(response.content))
        return response
