"""The practice admin with the case-file import page (upload → preview → confirm)."""

from django.contrib import admin
from django.urls import path

from practices import admin as practices_admin
from practices.models import Practice

from .admin_content import content_view
from .admin_draft import draft_view
from .admin_import import import_view


class PracticeAdmin(practices_admin.PracticeAdmin):
    def get_urls(self):
        view = self.admin_site.admin_view(lambda request: import_view(self, request))
        content = self.admin_site.admin_view(
            lambda request, object_id: content_view(self, request, object_id)
        )
        draft = self.admin_site.admin_view(lambda request: draft_view(self, request))
        return [
            path("import/", view, name="practices_practice_import"),
            path("draft/", draft, name="practices_practice_draft"),
            path(
                "<int:object_id>/content/",
                content,
                name="practices_practice_content",
            ),
            *super().get_urls(),
        ]


admin.site.unregister(Practice)
admin.site.register(Practice, PracticeAdmin)
