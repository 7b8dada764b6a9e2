"""The practice's history page in the admin: proposed changes with approve and reject
for reviewers, every applied change with what it changed, and a restore."""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from .history import ContentRejected, decide, practice_history, restore
from .models import PracticeRevision
from .review import can_publish

ACTIONS = {"approve", "reject", "restore"}


def revision_history_view(model_admin, request, object_id):
    practice = model_admin.get_object(request, unquote(object_id))
    if practice is None or not model_admin.has_view_or_change_permission(
        request, practice
    ):
        raise PermissionDenied
    if request.method == "POST":
        act_on_revision(model_admin, request, practice)
        return HttpResponseRedirect(request.path)
    pending, revisions = practice_history(practice)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "original": practice,
        "title": _("History of %(practice)s") % {"practice": practice.title},
        "pending": pending,
        "revisions": revisions,
        "can_review": can_publish(request.user),
        "can_restore": model_admin.has_change_permission(request, practice),
    }
    return TemplateResponse(request, "admin/practices/practice/revisions.html", context)


def act_on_revision(model_admin, request, practice):
    action = request.POST.get("action")
    revision = get_object_or_404(
        PracticeRevision, pk=request.POST.get("revision"), practice=practice
    )
    if action not in ACTIONS or not model_admin.has_change_permission(
        request, practice
    ):
        raise PermissionDenied
    try:
        if action == "restore":
            done = restore(revision, request.user)
            if done.is_pending:
                message = _("The earlier version is proposed and waits for a reviewer.")
            else:
                message = _("The earlier version is restored.")
        else:
            decide(revision, request.user, approve=action == "approve")
            message = (
                _("The change is approved and now on the public page.")
                if action == "approve"
                else _("The change is rejected; the practice stays as it was.")
            )
    except ContentRejected as exc:
        for path, error in exc.errors:
            messages.error(request, f"{path}: {error}" if path else error)
        return
    messages.success(request, message)
