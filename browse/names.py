"""Names and figures in the reader's language: with the English interface, themes,
regions (pinyin) and actors show their English names where the library has them,
the Chinese beside, marked with its language; units read in English ("at most 3
working days"). With the Chinese interface, names are shown as stored (and then
in the chosen script, browse/script.py)."""

from decimal import Decimal

from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from practices.choices import MetricNature, MetricPeriod, Qualifier
from practices.units import unit_in_english

from .script import current_script


def in_english():
    return (get_language() or "").startswith("en")


def content_lang():
    """The language tag of Chinese content as this response shows it."""
    return "zh-Hant" if current_script() == "hant" else "zh-Hans"


def names_of(item):
    if isinstance(item, dict):
        return item.get("name", ""), item.get("name_en", "")
    return item.name, getattr(item, "name_en", "")


def plain_name(item):
    """A name as text (for attributes and lists): "Grid management (网格化管理)"."""
    name, name_en = names_of(item)
    return f"{name_en} ({name})" if in_english() and name_en else name


def display_name(item):
    """A name as HTML: the English name with the Chinese beside, each marked."""
    name, name_en = names_of(item)
    if not (in_english() and name_en):
        return name
    return format_html(
        '{} <span class="zh" lang="{}">{}</span>', name_en, content_lang(), name
    )


def figure_value(metric, number):
    """A figure's value in words: qualifier, number or range, unit ("at most 3
    working days", "至多 3 工作日"); a ranking as a place ("No. 1", "in the top 10",
    "第 1", "前 10"), never a quantity; `number` writes a Decimal."""
    if getattr(metric, "nature", "") == MetricNature.RANKING:
        return ranking_value(metric, number)
    amount = number(metric.value)
    if metric.value_max is not None:
        amount = f"{amount}~{number(metric.value_max)}"
    words = ""
    if metric.qualifier != Qualifier.EXACT:
        words = f"{Qualifier(metric.qualifier).label} "
    unit = metric.unit
    if in_english() and unit:
        single = metric.value_max is None and Decimal(metric.value) == 1
        english = unit_in_english(unit, plural=not single)
        unit = (
            english
            if english is not None
            else format_html('<span lang="{}">{}</span>', content_lang(), unit)
        )
    joiner = "" if not unit or str(unit)[0] in "%-" else " "
    return format_html("{}{}{}{}", words, amount, joiner, unit)


def ranking_value(metric, number):
    place = number(metric.value)
    if metric.value_max is not None:
        place = f"{place}~{number(metric.value_max)}"
    if metric.qualifier in (Qualifier.AT_MOST, Qualifier.UP_TO):
        return _("in the top %(place)s") % {"place": place}
    return _("No. %(place)s") % {"place": place}


def figure_period(metric):
    """The period a figure covers, as the reader needs it beside the value:
    "cumulative since 2013 (2013年以来)"; "" where the source does not say."""
    if not metric.period:
        return ""
    if metric.period_text and not in_english():
        # The source's own words say it; the kind of period goes beside them.
        short = {
            MetricPeriod.CUMULATIVE: _("running total"),
            MetricPeriod.AS_OF: _("state at a date"),
            MetricPeriod.DURING: _("within the period"),
        }[metric.period]
        return format_html(
            '<span lang="{}">{}</span> <small class="muted">{}</small>',
            content_lang(),
            metric.period_text,
            short,
        )
    if metric.period == MetricPeriod.CUMULATIVE:
        label = (
            _("cumulative since %(start)s") % {"start": metric.period_start}
            if metric.period_start
            else _("cumulative")
        )
    elif metric.period == MetricPeriod.AS_OF:
        label = (
            _("as of %(date)s") % {"date": metric.as_of} if metric.as_of else _("as of")
        )
    else:
        dates = "–".join(d for d in (metric.period_start, metric.as_of) if d)
        label = (
            _("during %(dates)s") % {"dates": dates} if dates else _("in the period")
        )
    if metric.period_text:
        return format_html(
            '{} <span class="zh" lang="{}">{}</span>',
            label,
            content_lang(),
            metric.period_text,
        )
    return label
