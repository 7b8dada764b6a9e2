"""The insights pages: time limits, who does what, where and when. Each takes the
browse filters (region, theme, keyword …) and shows their messages."""

import csv

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header

from practices.choices import ActorKind, Role, StepFunction

from . import insights
from .selectors import filter_error_messages, filtered_practices


def filtered(request):
    filterset = filtered_practices(request.GET)
    return filterset.qs, filter_error_messages(filterset)


def time_limits(request):
    practices, messages = filtered(request)
    sort = request.GET.get("order", "hours")
    limits, total = insights.time_limits(practices, sort)
    longest = max((t.hours or 0 for t in limits), default=0)
    for limit in limits:
        limit.function_label = insights.function_label(limit.function)
        limit.bar = round(400 * (limit.hours or 0) / longest) if longest else 0
    context = {
        "limits": limits,
        "total": total,
        "messages": messages,
        "order": sort if sort in insights.TIME_LIMIT_SORTS else "hours",
        "query": request.GET.copy(),
    }
    return render(request, "browse/insights_time_limits.html", context)


QUESTION = ("kind", "role", "function")


def roles(request):
    practices, messages = filtered(request)
    kind, role, function = (request.GET.get(k, "") for k in QUESTION)
    matches = insights.role_matches(practices, kind, role, function)
    if request.GET.get("format") == "csv":
        return roles_csv(matches)
    context = {
        "messages": messages,
        "matches": matches[:500],
        "match_count": matches.count(),
        "matrix": insights.role_matrix(practices),
        "kind": kind,
        "role": role,
        "function": function,
        "kinds": ActorKind.choices,
        "roles": Role.choices,
        "functions": StepFunction.choices,
    }
    return render(request, "browse/insights_roles.html", context)


def roles_csv(matches):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(
        True, "govcases-roles.csv"
    )
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(["practice", "step_id", "step", "function", "actor", "actor_kind",
                     "role", "source_quote"])  # fmt: skip
    for involvement in matches.iterator():
        step, actor = involvement.step, involvement.actor
        writer.writerow(
            [involvement.practice.slug, step.pk, step.name, step.function,
             actor.name, actor.kind, involvement.role, step.source_quote]
        )  # fmt: skip
    return response


def overview(request):
    practices, messages = filtered(request)
    tiles = insights.province_tiles(practices)
    most = max((count for _r, count, _c, _row in tiles), default=0)
    years = insights.counts_by_year(practices)
    themes = insights.counts_by_theme(practices)
    context = {
        "messages": messages,
        "tiles": [
            # The shade is one of five steps: pages carry no inline styles (CSP).
            (region, count, column, row, -(-5 * count // most) if most else 0)
            for region, count, column, row in tiles
        ],
        "years": years,
        "year_most": max((n for _y, n in years), default=0),
        "themes": themes,
        "theme_most": max((n for _t, n in themes), default=0),
        "query": request.GET.urlencode(),
    }
    return render(request, "browse/insights.html", context)
