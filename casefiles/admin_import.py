"""The admin's case-file import page: upload → preview (every error) → confirm."""

import base64
import binascii
import json

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from practices.choices import Status
from practices.review import can_publish

from .loader import CaseFileRejected, import_case_file, parse, read_case_file
from .preview_tree import drop_paths, preview_tree


class CaseFileUploadForm(forms.Form):
    case_file = forms.FileField(label=gettext_lazy("Case file (JSON)"))
    publish = forms.BooleanField(
        required=False,
        label=gettext_lazy("Publish the imported practices (reviewers only)"),
    )

    def clean_case_file(self):
        upload = self.cleaned_data["case_file"]
        limit = settings.CASE_FILE_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is %(size)s; case files may be at most %(limit)s.")
                % {"size": _megabytes(upload.size), "limit": _megabytes(limit)}
            )
        return upload


class CaseFileConfirmForm(forms.Form):
    content = forms.CharField(widget=forms.HiddenInput)
    publish = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean_content(self):
        try:
            return base64.b64decode(self.cleaned_data["content"], validate=True)
        except (binascii.Error, ValueError) as exc:
            raise forms.ValidationError(
                _("The preview was damaged; upload again.")
            ) from exc


def import_view(model_admin, request):
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    if request.method == "POST" and "confirm" in request.POST:
        return _confirm(model_admin, request)
    form = CaseFileUploadForm(request.POST or None, request.FILES or None)
    context = {"form": form, "preview": None}
    if request.method == "POST" and form.is_valid():
        content = form.cleaned_data["case_file"].read()
        publish = form.cleaned_data["publish"]
        if publish and not can_publish(request.user):
            form.add_error("publish", _("Only reviewers can publish."))
        else:
            status = Status.PUBLISHED if publish else None
            context["preview"] = read_case_file(content, request.user, status)
            context["tree"], context["loose_errors"] = preview_tree(context["preview"])
            context["confirm_form"] = CaseFileConfirmForm(
                initial={
                    "content": base64.b64encode(content).decode(),
                    "publish": publish,
                }
            )
            context["publish"] = publish
    return _render(model_admin, request, context)


def _confirm(model_admin, request):
    form = CaseFileConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("content", [])))
        return redirect("admin:practices_practice_import")
    publish = form.cleaned_data["publish"] and can_publish(request.user)
    status = Status.PUBLISHED if publish else None
    content = form.cleaned_data["content"]
    dropped = request.POST.getlist("drop")
    if dropped:  # the items the editor took out in the preview
        document, errors = parse(content)
        if document is not None:
            kept = drop_paths(document, dropped)
            content = json.dumps(kept, ensure_ascii=False).encode()
    try:
        preview = import_case_file(content, request.user, status)
    except CaseFileRejected as exc:
        context = {"form": CaseFileUploadForm(), "preview": None, "errors": exc.errors}
        return _render(model_admin, request, context)
    messages.success(
        request,
        _("Imported %(count)d practice(s).") % {"count": len(preview.practices)},
    )
    return redirect("admin:practices_practice_changelist")


def _render(model_admin, request, context, title=None):
    context.update(
        model_admin.admin_site.each_context(request),
        opts=model_admin.model._meta,
        title=title or _("Import case file"),
        max_size=_megabytes(settings.CASE_FILE_MAX_BYTES),
        can_publish=can_publish(request.user),
    )
    return TemplateResponse(request, "admin/practices/practice/import.html", context)


def _megabytes(size):
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.1f} MB"
