"""Public pages. Views stay thin: read queries live in selectors.py."""

from django.shortcuts import render

from . import selectors


def home(request):
    return render(request, "practices/home.html", selectors.library_overview())
