"""The practice admin with the staff export action (the public zip, drafts included)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from casefiles import admin as casefiles_admin
from practices.models import Practice

from .archive import zip_stream
from .streaming import streamed


class PracticeAdmin(casefiles_admin.PracticeAdmin):
    actions = [*casefiles_admin.PracticeAdmin.actions, "export_selected"]

    @admin.action(
        description=_("Export selected practices (zip: CSV tables, JSON, codebook)")
    )
    def export_selected(self, request, queryset):
        context = {
            "staff": True,
            "base_url": request.build_absolute_uri("/").rstrip("/"),
        }
        chunks = zip_stream(queryset.order_by("-created_at", "-pk"), context)
        return streamed(chunks, request, "application/zip", "govcases-staff-export.zip")


admin.site.unregister(Practice)
admin.site.register(Practice, PracticeAdmin)
