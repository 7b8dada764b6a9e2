"""Public pages. Views stay thin: read queries live in selectors.py."""

from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

from . import selectors
from .practice_page import practice_actors, step_tree
from .script import SCRIPT_COOKIE, SCRIPTS


def home(request):
    return render(request, "browse/home.html", selectors.library_overview())


def browse(request):
    result = selectors.browse_practices(request.GET)
    return render(request, "browse/browse.html", {"result": result})


def detail(request, slug):
    practice = selectors.practice_detail(slug)
    context = {
        "practice": practice,
        "steps": step_tree(practice),
        "actors": practice_actors(practice),
    }
    return render(request, "browse/detail.html", context)


def regions(request):
    return render(request, "browse/regions.html", {"regions": selectors.region_tree()})


def themes(request):
    return render(request, "browse/themes.html", {"themes": selectors.theme_tree()})


def set_script(request, script):
    """Show content in Simplified (hans) or Traditional (hant) script: a cookie."""
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    response = HttpResponseRedirect(target)
    if script in SCRIPTS:
        response.set_cookie(
            SCRIPT_COOKIE, script, max_age=365 * 24 * 3600, samesite="Lax"
        )
    return response
