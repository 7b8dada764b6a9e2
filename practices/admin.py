"""Staff data entry: practices with inline steps, involvements, metrics; review.

The apps above add to the practice admin: casefiles its import page
(casefiles/admin.py), research its export action (research/admin.py).
"""

from django.contrib import admin, messages
from django.db import models, transaction
from django.db.models import F, Q
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .admin_forms import (
    MetricForm,
    PlainLineEndingsForm,
    PracticeAdminForm,
    PracticePartsFormSet,
    SourceDocumentAdminForm,
    own_step_field,
    save_steps,
    step_labels,
)
from .admin_history import revision_history_view
from .changes import describe_changes
from .choices import RevisionAction, Status
from .derived import refresh_derived_fields
from .history import ensure_baseline, propose, record, snapshot
from .library_version import library_changed
from .models import (
    Actor,
    FormerRegion,
    Involvement,
    Metric,
    Practice,
    PracticeRevision,
    Region,
    SourceDocument,
    Step,
    Theme,
)
from .review import can_publish, must_hold_for_review

admin.site.site_header = _("govcases · case library staff")
admin.site.site_title = _("govcases staff")
admin.site.index_title = _("Cases, sources and reference data")

# A township's generic names: the statistical list writes 金海湖地区 for 金海湖镇.
TOWNSHIP_SUFFIXES = ["街道", "地区", "镇", "乡", "苏木"]


def township_stem(term):
    for suffix in TOWNSHIP_SUFFIXES:
        if term.endswith(suffix) and len(term) > len(suffix) + 1:
            return term[: -len(suffix)]
    return ""


class FormerRegionInline(admin.TabularInline):
    model = FormerRegion
    fields = ["old_code", "old_name", "old_parent", "relation", "basis"]
    extra = 0
    verbose_name_plural = _("former codes and names")


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "full_name", "level", "code", "note"]
    list_filter = ["level"]
    search_fields = ["name", "name_en", "=code"]
    readonly_fields = ["path", "depth"]
    autocomplete_fields = ["parent"]
    list_select_related = ["parent"]
    inlines = [FormerRegionInline]

    def get_search_results(self, request, queryset, search_term):
        """Also by a township's other generic name (金海湖镇 finds 金海湖地区, as the
        statistical list names it) and by a former name or code (宁乡县, 430124)."""
        results, may_have_duplicates = super().get_search_results(
            request, queryset, search_term
        )
        term = search_term.strip()
        if not term:
            return results, may_have_duplicates
        also = Q(former__old_name=term) | Q(former__old_code=term)
        stem = township_stem(term)
        if stem:
            also |= Q(name__in=[stem + suffix for suffix in TOWNSHIP_SUFFIXES])
        return results | queryset.filter(also), True


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "slug", "parent"]
    search_fields = ["name", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(Actor)
class ActorAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "kind", "level"]
    list_filter = ["kind", "level"]
    search_fields = ["name", "name_en"]


@admin.register(SourceDocument)
class SourceDocumentAdmin(admin.ModelAdmin):
    form = SourceDocumentAdminForm
    list_display = ["title", "publication", "published_on", "script"]
    list_filter = ["script"]
    search_fields = ["title", "publication", "authors"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_readonly_fields(self, request, obj=None):
        # The text is evidence: once a practice cites it, it cannot change here
        # (nor through a case file: casefiles/checks.py).
        if obj is not None and obj.practices.exists():
            return ["text"]
        return []


class StepInline(admin.StackedInline):
    model = Step
    form = PlainLineEndingsForm
    formset = PracticePartsFormSet
    extra = 0
    fields = [
        ("position", "name", "parent"),
        ("function", "kind"),
        "description",
        "source_quote",
    ]
    # Top-level steps first on every database (PostgreSQL sorts NULLs last).
    ordering = [F("parent_id").asc(nulls_first=True), "position"]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        fields = formset.form.base_fields
        fields["parent"] = own_step_field(Step, "parent", step_labels(obj))
        fields["position"].required = False  # renumbered on save
        fields["position"].help_text = _(
            "Order among its siblings; steps are renumbered 1, 2, 3… on save."
        )
        return formset


class StepPartInline:
    """Involvements and metrics: their step is picked among the practice's own."""

    form = PlainLineEndingsForm
    formset = PracticePartsFormSet
    extra = 0

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form.base_fields["step"] = own_step_field(
            self.model, "step", step_labels(obj)
        )
        return formset


class InvolvementInline(StepPartInline, admin.TabularInline):
    model = Involvement
    fields = ["actor", "role", "step"]
    autocomplete_fields = ["actor"]


class MetricInline(StepPartInline, admin.StackedInline):
    model = Metric
    form = MetricForm
    fields = [
        ("name", "kind", "nature", "step"),
        ("qualifier", "value", "value_max", "unit"),
        ("period", "period_text", "period_start", "as_of"),
        "source_quote",
    ]


class ProvinceFilter(admin.SimpleListFilter):
    title = _("province")
    parameter_name = "province"

    def lookups(self, request, model_admin):
        return [(str(r.pk), r.name) for r in Region.objects.filter(depth=1)]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        province = Region.objects.filter(pk=self.value(), depth=1).first()
        return queryset.in_region(province) if province else queryset.none()


@admin.register(Practice)
class PracticeAdmin(admin.ModelAdmin):
    form = PracticeAdminForm
    inlines = [StepInline, InvolvementInline, MetricInline]
    list_display = [
        "title",
        "alias",
        "region",
        "implementing_level",
        "status",
        "updated_at",
        "updated_by",
    ]
    list_filter = ["status", ProvinceFilter, "themes", "implementing_level"]
    search_fields = ["title", "alias", "region__name"]
    list_select_related = ["region", "updated_by"]
    autocomplete_fields = ["region", "themes", "sources"]
    readonly_fields = ["created_by", "created_at", "updated_by", "updated_at"]
    actions = ["submit_for_review", "publish", "send_back_to_draft"]
    fieldsets = [
        (None, {"fields": ["title", "alias", "slug", "status"]}),
        (_("Where"), {"fields": ["region", "implementing_level", "year_started"]}),
        (
            _("What"),
            {"fields": ["summary", "problem", "outcomes", "themes", "sources"]},
        ),
        (_("Record"), {"fields": readonly_fields}),
    ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.request_user = request.user
        return form

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        if change:
            ensure_baseline(obj)
        if change and must_hold_for_review(request.user, self.stored(obj)):
            # Saved as usual, so the content is exactly what the forms give, then
            # rolled back in save_related and kept as a proposal for a reviewer.
            request.review_savepoint = transaction.savepoint()
        super().save_model(request, obj, form, change)

    def stored(self, obj):
        return Practice.objects.only("status").get(pk=obj.pk)

    def get_formset_kwargs(self, request, obj, inline, prefix):
        # The write rules run once every inline formset of this save has cleaned.
        obj.__dict__.setdefault("_expected_formsets", set()).add(prefix)
        return super().get_formset_kwargs(request, obj, inline, prefix)

    def save_formset(self, request, form, formset, change):
        if formset.model is Step:
            save_steps(formset)
        else:
            super().save_formset(request, form, formset, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        practice = form.instance
        refresh_derived_fields(Practice.objects.filter(pk=practice.pk))
        savepoint = getattr(request, "review_savepoint", None)
        if savepoint is None:
            action = RevisionAction.EDITED if change else RevisionAction.CREATED
            record(practice, request.user, action)
            return
        proposed = snapshot(practice)
        transaction.savepoint_rollback(savepoint)
        request.review_proposal = None
        if describe_changes(snapshot(practice), proposed):
            request.review_proposal = propose(practice, proposed, request.user)

    def response_change(self, request, obj):
        if not hasattr(request, "review_proposal"):
            return super().response_change(request, obj)
        if request.review_proposal is None:
            message = _("Nothing was changed.")
        else:
            message = _(
                "Your change to this published practice now waits for a reviewer; "
                "the public page stays as it is until then."
            )
        self.message_user(request, message, messages.WARNING)
        return HttpResponseRedirect(
            reverse("admin:practices_practice_history", args=[obj.pk])
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            waiting = PracticeRevision.objects.pending().filter(practice_id=object_id)
            if waiting.exists():
                message = _("A proposed change waits for review: see History.")
                self.message_user(request, message, messages.WARNING)
        return super().change_view(request, object_id, form_url, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        return revision_history_view(self, request, object_id)

    def has_publish_permission(self, request):
        return can_publish(request.user)

    @admin.action(description=_("Submit selected practices for review"))
    def submit_for_review(self, request, queryset):
        self._set_status(
            request, queryset.filter(status=Status.DRAFT), Status.IN_REVIEW
        )

    @admin.action(description=_("Publish selected practices"), permissions=["publish"])
    def publish(self, request, queryset):
        self._set_status(request, queryset, Status.PUBLISHED)

    @admin.action(description=_("Send selected practices back to draft"))
    def send_back_to_draft(self, request, queryset):
        if not can_publish(request.user):
            queryset = queryset.exclude(status=Status.PUBLISHED)
        self._set_status(request, queryset, Status.DRAFT)

    def _set_status(self, request, queryset, status):
        practices = list(queryset.exclude(status=status))
        for practice in practices:
            ensure_baseline(practice)
        library_changed()
        count = Practice.objects.filter(pk__in=[p.pk for p in practices]).update(
            status=status, updated_by=request.user, updated_at=timezone.now()
        )
        for practice in practices:
            record(practice, request.user, RevisionAction.STATUS)
        label = Status(status).label
        self.message_user(
            request,
            _("%(count)d practice(s) now %(status)s.")
            % {"count": count, "status": label},
            messages.SUCCESS,
        )
