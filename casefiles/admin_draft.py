"""The admin's "draft from an article" page: paste an article, choose its region
and script, and get the import preview of a draft case file (casefiles/draft.py)
to prune ("remove" beside any step, figure or actor) and import as a draft, or to
download and correct as a file."""

import base64

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from practices.choices import Script
from practices.models import Actor, Practice, Region

from .admin_import import CaseFileConfirmForm, CaseFileUploadForm, _render
from .draft import draft_case_file
from .loader import read_case_file
from .preview_tree import preview_tree
from .writer import dump_case_file

MAX_ARTICLE_CHARS = 100_000


class DraftForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Article"),
        widget=forms.Textarea(attrs={"rows": 14, "cols": 90}),
        max_length=MAX_ARTICLE_CHARS,
        help_text=gettext_lazy("Paste one article, as published."),
    )
    title = forms.CharField(
        label=gettext_lazy("Practice title"),
        required=False,
        max_length=255,
        help_text=gettext_lazy("Left empty, the article's headline."),
    )
    region = forms.CharField(
        label=gettext_lazy("Region"),
        max_length=120,
        help_text=gettext_lazy("Its code (431271) or names (湖南省/怀化市/洪江区)."),
    )
    script = forms.ChoiceField(
        label=gettext_lazy("Script"), choices=Script.choices, initial=Script.SIMPLIFIED
    )

    def clean_region(self):
        key = self.cleaned_data["region"].strip().strip("/")
        found = (
            Region.objects.by_code(key)
            if key.isdigit()
            else Region.objects.by_name_path_or_former(key)
        )
        regions = list(found[:2])
        if len(regions) != 1:
            raise forms.ValidationError(
                _("There is no single region “%(value)s”.") % {"value": key[:40]}
            )
        return regions[0]


def draft_view(model_admin, request):
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    form = DraftForm(request.POST or None)
    context = {"draft_form": form, "form": CaseFileUploadForm(), "preview": None}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        document = draft_case_file(
            data["text"],
            title=data["title"],
            region=data["region"].full_name,
            script=data["script"],
            known_actors=Actor.objects.values_list("name", "kind", "level"),
        )
        practice = document["practices"][0]
        base, number = practice["slug"][:56], 1
        while Practice.objects.filter(slug=practice["slug"]).exists():
            number += 1  # a draft never overwrites a stored practice
            practice["slug"] = f"{base}-{number}"
        content = dump_case_file(document).encode()
        if "download" in request.POST:
            response = HttpResponse(content, content_type="application/json")
            response["Content-Disposition"] = 'attachment; filename="draft.json"'
            return response
        preview = read_case_file(content, request.user)
        context["preview"] = preview
        context["tree"], context["loose_errors"] = preview_tree(preview)
        context["confirm_form"] = CaseFileConfirmForm(
            initial={"content": base64.b64encode(content).decode()}
        )
    return _render(model_admin, request, context, _("Draft from an article"))
