"""The data model: regions, themes, actors, sources, and practices with their steps,
involvements and metrics (see docs and DESIGN.md)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .choices import (
    ActorKind,
    Level,
    MetricKind,
    Qualifier,
    Role,
    Script,
    Status,
    in_choices,
)

PATH_SEGMENT_WIDTH = 6

partial_date_validator = RegexValidator(
    r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$",
    _("Enter a year, year-month or date: YYYY, YYYY-MM or YYYY-MM-DD."),
)


class RegionQuerySet(models.QuerySet):
    def descendants_of(self, region, include_self=True):
        """Regions below `region` (and itself): one indexed prefix query on path."""
        qs = self.filter(path__startswith=region.path)
        return qs if include_self else qs.exclude(pk=region.pk)

    def by_name_path(self, name_path):
        """Regions whose names match a name path, "山东省/潍坊市/寿光市", or its tail,
        "潍坊市/寿光市" (which may then match more than one region)."""
        names = [
            part.strip() for part in name_path.strip("/").split("/") if part.strip()
        ]
        if not names:
            return self.none()
        lookup = {"name": names[-1]}
        prefix = ""
        for name in reversed(names[:-1]):
            prefix += "parent__"
            lookup[f"{prefix}name"] = name
        return self.filter(**lookup)


class Region(models.Model):
    code = models.CharField(
        _("code"),
        max_length=12,
        unique=True,
        null=True,
        blank=True,
        help_text=_("GB/T 2260 code; empty for divisions without an official code."),
    )
    name = models.CharField(_("name"), max_length=64)
    name_en = models.CharField(_("pinyin name"), max_length=128, blank=True)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    path = models.CharField(max_length=255, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(editable=False)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    objects = RegionQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        constraints = [
            in_choices("level", Level),
            models.UniqueConstraint(
                fields=["parent", "name"],
                name="region_unique_name_among_siblings",
                violation_error_message=_(
                    "A region with this name already exists here."
                ),
            ),
        ]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        if self.pk is None:
            # The path holds the primary key, which exists only after the insert.
            self.path = f"new-{id(self)}/"
            self.depth = 0
            super().save(*args, **kwargs)
            kwargs.pop("force_insert", None)
        old_path = self.path
        self._set_path()
        super().save(*args, **kwargs)
        if not old_path.startswith("new-") and old_path != self.path:
            self._move_descendants(old_path)

    @property
    def full_name(self):
        return "/".join(r.name for r in self.ancestors(include_self=True))

    def ancestors(self, include_self=False):
        """Ancestors from the top down, by path (one query)."""
        pks = [int(seg) for seg in self.path.strip("/").split("/") if seg]
        if not include_self:
            pks = pks[:-1]
        found = {r.pk: r for r in Region.objects.filter(pk__in=pks)}
        return [found[pk] for pk in pks if pk in found]

    def clean(self):
        if self.parent_id and self.pk:
            if self.parent_id == self.pk or (
                self.parent.path.startswith(self.path or "\0")
            ):
                raise ValidationError(
                    {"parent": _("A region cannot be inside itself.")}
                )

    def _set_path(self):
        segment = f"{self.pk:0{PATH_SEGMENT_WIDTH}d}/"
        self.path = (self.parent.path if self.parent else "") + segment
        self.depth = self.path.count("/")

    def _move_descendants(self, old_path):
        for child in Region.objects.filter(path__startswith=old_path).exclude(
            pk=self.pk
        ):
            child.path = self.path + child.path[len(old_path) :]
            child.depth = child.path.count("/")
            child.save(update_fields=["path", "depth"])
        for region in Region.objects.filter(path__startswith=self.path):
            region.practices.update(region_path=region.path)


class Theme(models.Model):
    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=64)
    name_en = models.CharField(_("English name"), max_length=128, blank=True)
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self):
        return self.name

    def clean(self):
        node = self.parent
        while node is not None:
            if node.pk == self.pk:
                raise ValidationError({"parent": _("A theme cannot be inside itself.")})
            node = node.parent


class Actor(models.Model):
    name = models.CharField(_("name"), max_length=128, unique=True)
    name_en = models.CharField(_("English name"), max_length=255, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=ActorKind.choices)
    level = models.CharField(
        _("level"), max_length=16, choices=Level.choices, blank=True
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("actor")
        verbose_name_plural = _("actors")
        constraints = [in_choices("kind", ActorKind), in_choices("level", Level, True)]

    def __str__(self):
        return self.name


class SourceDocument(models.Model):
    slug = models.SlugField(_("key"), max_length=100, unique=True)
    title = models.CharField(_("title"), max_length=255)
    publication = models.CharField(_("publication"), max_length=255, blank=True)
    published_on = models.CharField(
        _("published on"),
        max_length=10,
        blank=True,
        validators=[partial_date_validator],
        help_text="YYYY, YYYY-MM or YYYY-MM-DD",
    )
    authors = models.CharField(_("authors"), max_length=255, blank=True)
    url = models.URLField(_("URL"), max_length=500, blank=True)
    script = models.CharField(_("script"), max_length=4, choices=Script.choices)
    text = models.TextField(_("text as published"))

    class Meta:
        ordering = ["slug"]
        verbose_name = _("source document")
        verbose_name_plural = _("source documents")
        constraints = [in_choices("script", Script)]

    def __str__(self):
        return self.title


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
        return reverse("practices:detail", args=[self.slug])


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


class Step(models.Model):
    practice = models.ForeignKey(
        Practice, models.CASCADE, related_name="steps", verbose_name=_("practice")
    )
    parent = models.ForeignKey(
        "self",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent step"),
    )
    position = models.PositiveIntegerField(_("position"))
    name = models.CharField(_("name"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    source_quote = models.TextField(_("source quote"))

    class Meta:
        ordering = ["practice", "pk"]
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "position"],
                condition=Q(parent__isnull=True),
                name="step_unique_top_level_position",
                violation_error_message=_("Another top-level step has this position."),
            ),
            models.UniqueConstraint(
                fields=["parent", "position"],
                condition=Q(parent__isnull=False),
                name="step_unique_position_among_siblings",
                violation_error_message=_(
                    "Another step under this parent has this position."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.practice.title if self.practice_id else ''} · {self.name}"

    def clean(self):
        if self.parent_id is None:
            return
        if self.parent.practice_id != self.practice_id:
            raise ValidationError(
                {"parent": _("The parent step belongs to another practice.")}
            )
        node, seen = self.parent, set()
        while node is not None and node.pk not in seen:
            if self.pk is not None and node.pk == self.pk:
                raise ValidationError(
                    {"parent": _("A step cannot be its own ancestor.")}
                )
            seen.add(node.pk)
            node = node.parent


class StepPartMixin:
    """Involvements and metrics may name a step; it must be of the same practice."""

    def clean(self):
        if self.step_id and self.step.practice_id != self.practice_id:
            raise ValidationError({"step": _("This step belongs to another practice.")})


class Involvement(StepPartMixin, models.Model):
    practice = models.ForeignKey(
        Practice,
        models.CASCADE,
        related_name="involvements",
        verbose_name=_("practice"),
    )
    step = models.ForeignKey(
        Step,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="involvements",
        verbose_name=_("step"),
    )
    actor = models.ForeignKey(
        Actor, models.PROTECT, related_name="involvements", verbose_name=_("actor")
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)

    class Meta:
        ordering = ["practice", "pk"]
        verbose_name = _("involvement")
        verbose_name_plural = _("involvements")
        constraints = [in_choices("role", Role)]

    def __str__(self):
        return f"{self.actor} · {self.get_role_display()}"


class Metric(StepPartMixin, models.Model):
    practice = models.ForeignKey(
        Practice, models.CASCADE, related_name="metrics", verbose_name=_("practice")
    )
    step = models.ForeignKey(
        Step,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="metrics",
        verbose_name=_("step"),
    )
    name = models.CharField(_("name"), max_length=255)
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4)
    value_max = models.DecimalField(
        _("maximum value"),
        max_digits=20,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("Upper end of a range such as 3~5."),
    )
    qualifier = models.CharField(
        _("qualifier"),
        max_length=16,
        choices=Qualifier.choices,
        default=Qualifier.EXACT,
    )
    unit = models.CharField(_("unit"), max_length=32, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=MetricKind.choices)
    as_of = models.CharField(
        _("as of"), max_length=10, blank=True, validators=[partial_date_validator]
    )
    source_quote = models.TextField(_("source quote"))

    class Meta:
        ordering = ["practice", "pk"]
        verbose_name = _("metric")
        verbose_name_plural = _("metrics")
        constraints = [
            in_choices("qualifier", Qualifier),
            in_choices("kind", MetricKind),
            models.CheckConstraint(
                condition=Q(value_max__isnull=True) | Q(value_max__gte=F("value")),
                name="metric_value_max_not_below_value",
                violation_error_message=_(
                    "The maximum value cannot be below the value."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.name}: {self.value}"
