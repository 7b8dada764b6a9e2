"""Template helpers for the public pages."""

from decimal import Decimal

from django import template
from django.http import QueryDict
from django.urls import reverse
from django.utils.html import format_html

from ..facets import toggle_url
from ..names import (
    content_lang,
    display_name,
    figure_period,
    figure_value,
    plain_name,
)
from ..practice_page import LANG_OF_SCRIPT
from ..script import VERBATIM_END, VERBATIM_START

register = template.Library()


@register.simple_tag(takes_context=True)
def page_url(context, number):
    """The current query string with another page number."""
    query = context["request"].GET.copy()
    query["page"] = number
    return "?" + query.urlencode()


@register.filter
def number(value):
    """12000 for Decimal('12000.0000'), 98.5 for Decimal('98.5000')."""
    if value is None or value == "":
        return ""
    value = Decimal(value)
    return (
        f"{value.normalize():f}"
        if value != value.to_integral_value()
        else f"{int(value)}"
    )


@register.filter
def verbatim(text):
    """A source passage, escaped and marked so that no script conversion touches it."""
    return format_html(VERBATIM_START + "{}" + VERBATIM_END, text)


@register.filter
def script_lang(script):
    """The BCP 47 tag of a stored script: zh-Hans or zh-Hant."""
    return LANG_OF_SCRIPT.get(script, "zh")


@register.filter
def named(item):
    """A theme's, region's or actor's name in the reader's language (names.py)."""
    return display_name(item)


@register.filter
def named_plain(item):
    return plain_name(item)


@register.filter
def figure(metric):
    """A figure's value in words: "at most 3 working days" (names.py)."""
    return figure_value(metric, number)


@register.filter
def period(metric):
    """The period a figure covers, in words (names.py)."""
    return figure_period(metric)


@register.simple_tag
def chinese_lang():
    """lang for Chinese content as this response shows it: zh-Hans or zh-Hant."""
    return content_lang()


@register.simple_tag(takes_context=True)
def compare_toggle(context, slug):
    """(url, chosen): this list's URL with `slug` added to or removed from the
    practices chosen to compare (kept in the URL: no JavaScript, no session)."""
    params = context["request"].GET
    chosen = params.getlist("compare")
    return toggle_url(params, "compare", slug), slug in chosen


@register.simple_tag(takes_context=True)
def compare_now_url(context):
    """The comparison of the practices chosen on this list, or "" for none."""
    chosen = context["request"].GET.getlist("compare")
    if not chosen:
        return ""
    query = QueryDict(mutable=True)
    query.setlist("p", chosen)
    return reverse("browse:compare") + "?" + query.urlencode()


@register.simple_tag(takes_context=True)
def query_with(context, name, value):
    """This page's query string with parameter `name` set to `value`."""
    query = context["request"].GET.copy()
    query[name] = value
    return "?" + query.urlencode()
