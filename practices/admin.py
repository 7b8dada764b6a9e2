"""Staff data entry: practices with inline steps, involvements, metrics; review.

The apps above add to the practice admin: casefiles its import page
(casefiles/admin.py), research its export action (research/admin.py).
"""

from django import forms
from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import Status
from .derived import refresh_derived_fields
from .models import (
    Actor,
    Involvement,
    Metric,
    Practice,
    Region,
    SourceDocument,
    Step,
    Theme,
)
from .review import can_publish, publish_error


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "full_name", "level", "code", "note"]
    list_filter = ["level"]
    search_fields = ["name", "name_en", "code"]
    readonly_fields = ["path", "depth"]
    autocomplete_fields = ["parent"]
    list_select_related = ["parent"]


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
    list_display = ["title", "publication", "published_on", "script"]
    list_filter = ["script"]
    search_fields = ["title", "publication", "authors"]


@admin.register(Step)
class StepAdmin(admin.ModelAdmin):
    """Registered so that inlines can find parent steps by autocomplete."""

    list_display = ["name", "practice", "parent", "position"]
    search_fields = ["name", "practice__title"]
    list_select_related = ["practice", "parent"]
    autocomplete_fields = ["practice", "parent"]

    def has_module_permission(self, request):
        return False  # reached through the practice page, not the index


class StepInline(admin.StackedInline):
    model = Step
    extra = 0
    fields = [("position", "name", "parent"), "description", "source_quote"]
    autocomplete_fields = ["parent"]
    show_change_link = True
    ordering = ["parent_id", "position"]


class InvolvementInline(admin.TabularInline):
    model = Involvement
    extra = 0
    fields = ["actor", "role", "step"]
    autocomplete_fields = ["actor", "step"]


class MetricInline(admin.StackedInline):
    model = Metric
    extra = 0
    fields = [
        ("name", "kind", "step"),
        ("qualifier", "value", "value_max", "unit", "as_of"),
        "source_quote",
    ]
    autocomplete_fields = ["step"]


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


class PracticeAdminForm(forms.ModelForm):
    """Refuses publishing to staff without the permission, whatever was posted."""

    class Meta:
        model = Practice
        fields = [
            "title",
            "alias",
            "slug",
            "status",
            "region",
            "implementing_level",
            "year_started",
            "summary",
            "problem",
            "outcomes",
            "themes",
            "sources",
        ]

    def clean_status(self):
        status = self.cleaned_data["status"]
        error = publish_error(self.request_user, self.instance, status)
        if error:
            raise forms.ValidationError(error)
        return status


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
    prepopulated_fields = {"slug": ["title"]}
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
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        refresh_derived_fields(Practice.objects.filter(pk=form.instance.pk))

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
        count = queryset.update(
            status=status, updated_by=request.user, updated_at=timezone.now()
        )
        label = Status(status).label
        self.message_user(
            request,
            _("%(count)d practice(s) now %(status)s.")
            % {"count": count, "status": label},
            messages.SUCCESS,
        )
