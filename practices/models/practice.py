"""A practice: the record of one locality's way of working, and its search index."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..choices import (
    Level,
    Status,
    in_choices,
)
from .reference import Region, SourceDocument, Theme


class PracticeQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def in_region(self, region):
        """Practices in `region` or below it: one indexed query, however deep."""
        return self.filter(region_path__startswith=region.path)


class Practice(models.Model):
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    title = models.CharField(_("title"), max_length=255)
    alias = models.CharField(_("alias"), max_length=255, blank=True)
    region = models.ForeignKey(
        Region, models.PROTECT, related_name="practices", verbose_name=_("region")
    )
    implementing_level = models.CharField(
        _("implementing level"), max_length=16, choices=Level.choices
    )
    summary = models.TextField(_("summary"))
    problem = models.TextField(_("problem addressed"), blank=True)
    outcomes = models.TextField(_("outcomes"), blank=True)
    themes = models.ManyToManyField(
        Theme, related_name="practices", blank=True, verbose_name=_("themes")
    )
    year_started = models.PositiveSmallIntegerField(
        _("year started"), null=True, blank=True
    )
    sources = models.ManyToManyField(
        SourceDocument, related_name="practices", verbose_name=_("sources")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
        editable=False,
    )
    # Derived (practices/derived.py), never edited by hand: they let the browse
    # filters, facets and exports read one narrow index instead of joins.
    region_path = models.CharField(
        max_length=255, db_index=True, editable=False, default=""
    )
    search_title = models.TextField(blank=True, editable=False)
    # The title in pinyin (folding.pinyin_sort_key): the "title" sort of the lists.
    title_pinyin = models.CharField(
        max_length=500, blank=True, editable=False, default="", db_index=True
    )
    theme_bits = models.BigIntegerField(default=0, editable=False)
    actor_kind_bits = models.IntegerField(default=0, editable=False)
    step_count = models.PositiveIntegerField(default=0, editable=False)
    actor_count = models.PositiveIntegerField(default=0, editable=False)
    metric_count = models.PositiveIntegerField(default=0, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last changed by"),
        editable=False,
    )

    objects = PracticeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("practice")
        verbose_name_plural = _("practices")
        permissions = [("publish_practice", "Can publish practices")]
        constraints = [
            in_choices("status", Status),
            in_choices("implementing_level", Level),
            models.CheckConstraint(
                condition=Q(year_started__isnull=True)
                | Q(year_started__gte=1949, year_started__lte=2100),
                name="practice_year_started_plausible",
                violation_error_message=_(
                    "The year started must be between 1949 and 2100."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-created_at"]),
            # Facet counts, filters and the keyword ordering over 100k practices
            # as index-only scans (PostgreSQL; SQLite ignores the included columns).
            models.Index(
                fields=["status"],
                include=[
                    "id", "region_path", "theme_bits", "actor_kind_bits",
                    "implementing_level", "metric_count", "year_started",
                    "created_at", "search_title",
                ],
                name="practice_facet_cover",
            ),
        ]  # fmt: skip

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.region_path = self.region.path
        if "update_fields" in kwargs and kwargs["update_fields"] is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "region_path"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("browse:detail", args=[self.slug])


class PracticeSearch(models.Model):
    """A practice's folded search text and CJK tokens (practices/search.py).

    Kept apart from the practice row so that scans of practices stay narrow. On
    PostgreSQL migration 0003 adds a generated tsvector column over `tokens` with
    a GIN index.
    """

    practice = models.OneToOneField(
        Practice, models.CASCADE, primary_key=True, related_name="search_index"
    )
    text = models.TextField(blank=True)
    tokens = models.TextField(blank=True)

    def __str__(self):
        return f"search index of {self.practice_id}"
