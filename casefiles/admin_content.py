"""The admin's content editor: a practice's steps, figures and actors edited as one
ordered outline beside its source text, saved in one go through the case-file
checks and write service (so the rules, the history and review hold as on import).

Without JavaScript the rows are plain fields (depth typed as a number, blank rows at
the end to add); static/js/outline.js adds moving, indenting, adding sub-steps, and
filling a quote from a selection in the source, with an immediate verbatim check.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from practices.choices import (
    MetricKind,
    MetricNature,
    MetricPeriod,
    Qualifier,
    Role,
    StepFunction,
    StepKind,
)
from practices.models import Actor, Practice

from .content_editor import (
    Row,
    attach_errors,
    practice_parts,
    rows_from_post,
    rows_from_practice,
)
from .loader import import_case_file, read_case_file
from .writer import dump_case_file, export_case_file

BLANK_ROWS = {"step": 2, "metric": 2, "involvement": 1}


def content_view(model_admin, request, object_id):
    practice = get_object_or_404(Practice, pk=object_id)
    if not model_admin.has_change_permission(request, practice):
        raise PermissionDenied
    document = export_case_file([practice])
    loose = []
    if request.method == "POST":
        rows = rows_from_post(request.POST)
        steps, metrics, involvements = practice_parts(rows)
        data = document["practices"][0]
        data.update(steps=steps, metrics=metrics, involvements=involvements)
        data.pop("status", None)  # kept as stored; an editor's change is a proposal
        row_errors = [(row.path, msg) for row in rows for _f, msg in row.errors]
        for row in rows:
            row.errors = []
        content = dump_case_file(document).encode()
        errors = row_errors + read_case_file(content, request.user).errors
        if errors:
            loose = attach_errors(rows, errors)
            messages.error(request, _("Nothing was saved: fix the marked rows."))
        else:
            plan = import_case_file(content, request.user).practices[0]
            if plan.held:
                text = _("Your change waits for a reviewer.")
            elif plan.changed:
                text = _("Steps and figures saved.")
            else:
                text = _("Nothing had changed.")
            messages.success(request, text)
            return redirect("admin:practices_practice_content", practice.pk)
    else:
        rows = rows_from_practice(document["practices"][0])
        practice_parts(rows)  # gives each row its depth and path
    blank = [Row(kind) for kind, count in BLANK_ROWS.items() for _n in range(count)]
    sources = document["sources"]
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Practice._meta,
        "original": practice,
        "title": _("Steps and figures of %(title)s") % {"title": practice.title},
        "rows": list(enumerate(rows + blank)),
        "templates": [Row(kind) for kind in BLANK_ROWS],
        "loose_errors": loose,
        "sources": sources,
        "actors": Actor.objects.order_by("name").values_list("name", flat=True),
        "choices": {
            "function": StepFunction.choices,
            "step_kind": StepKind.choices,
            "metric_kind": MetricKind.choices,
            "nature": MetricNature.choices,
            "qualifier": Qualifier.choices,
            "period": MetricPeriod.choices,
            "role": Role.choices,
        },
    }
    return TemplateResponse(request, "admin/practices/practice/content.html", context)
