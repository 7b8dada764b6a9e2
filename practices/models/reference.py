"""Reference data: administrative regions, the theme taxonomy, actors as their
sources name them, and the source documents cases are drawn from."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..choices import (
    ActorKind,
    Level,
    RegionChange,
    Script,
    Status,
    in_choices,
)
from ..folding import fold_script

PATH_SEGMENT_WIDTH = 6

partial_date_validator = RegexValidator(
    r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$",
    _("Enter a year, year-month or date: YYYY, YYYY-MM or YYYY-MM-DD."),
)


def split_name_path(name_path):
    """["山东省", "潍坊市", "寿光市"] for "山东省/潍坊市/寿光市" (spaces trimmed)."""
    return [part.strip() for part in name_path.strip("/").split("/") if part.strip()]


def name_path(names):
    """A region's full name from its names, top down: 山东省/潍坊市/寿光市."""
    return "/".join(names)


def path_pks(path):
    """The primary keys in a region path, from the province down."""
    return [int(segment) for segment in path.strip("/").split("/") if segment]


class RegionQuerySet(models.QuerySet):
    def descendants_of(self, region, include_self=True):
        """Regions below `region` (and itself): one indexed prefix query on path."""
        qs = self.filter(path__startswith=region.path)
        return qs if include_self else qs.exclude(pk=region.pk)

    def names_by_path(self, paths):
        """{path: [names from the province down]} for many region paths, in one
        query (a path holds its regions' primary keys)."""
        paths = set(paths)
        pks = {pk for path in paths for pk in path_pks(path)}
        names = dict(self.filter(pk__in=pks).values_list("pk", "name"))
        return {
            path: [names[pk] for pk in path_pks(path) if pk in names] for path in paths
        }

    def by_name_path(self, name_path):
        """Regions whose names match a name path, "山东省/潍坊市/寿光市", or its tail,
        "潍坊市/寿光市" (which may then match more than one region)."""
        names = split_name_path(name_path)
        if not names:
            return self.none()
        lookup = {"name": names[-1]}
        prefix = ""
        for name in reversed(names[:-1]):
            prefix += "parent__"
            lookup[f"{prefix}name"] = name
        return self.filter(**lookup)

    def by_name_paths(self, name_paths):
        """{name path: [regions by_name_path finds, in path order]} for many name
        paths at once, in two queries (a case file's regions)."""
        wanted = {name_path: split_name_path(name_path) for name_path in name_paths}
        last_names = {names[-1] for names in wanted.values() if names}
        candidates = {}
        for region in self.filter(name__in=last_names).order_by("path"):
            candidates.setdefault(region.name, []).append(region)
        names_above = self.names_by_path(
            region.path for regions in candidates.values() for region in regions
        )
        return {
            name_path: [
                region
                for region in candidates.get(names[-1], [])
                if names_above[region.path][-len(names) :] == names
            ]
            if names
            else []
            for name_path, names in wanted.items()
        }

    def by_code(self, code):
        """Regions with this code, or else the successor of a former code (430124,
        宁乡县's, finds 宁乡市)."""
        current = self.filter(code=code)
        if current.exists() or not code:
            return current
        return self.filter(pk__in=FormerRegion.objects.naming(code).values("successor"))

    def by_name_path_or_former(self, name_path):
        """by_name_path, or else the successors of a former name at that path
        (湖南省/怀化市/洪江区 finds 怀化市洪江管理区)."""
        current = self.by_name_path(name_path)
        if current.exists():
            return current
        former = FormerRegion.objects.naming(name_path)
        return self.filter(pk__in=former.values("successor"))


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
    def url_key(self):
        """How URLs name the region: its official code, else its full name path
        (stable across installations, unlike the database id)."""
        return self.code or self.full_name

    @property
    def full_name(self):
        return name_path(r.name for r in self.ancestors(include_self=True))

    def ancestors(self, include_self=False):
        """Ancestors from the top down, by path (one query)."""
        pks = path_pks(self.path)
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


class FormerRegionQuerySet(models.QuerySet):
    def naming(self, key):
        """The entries a former code (430124) or name path (湖南省/长沙市/宁乡县, or
        its tail 长沙市/宁乡县) names."""
        key = key.strip().strip("/")
        if key.isdigit():
            return self.filter(old_code=key)
        names = [name.strip() for name in key.split("/") if name.strip()]
        if not names:
            return self.none()
        found = self.filter(old_name=names[-1])
        if names[:-1]:
            found = found.filter(old_parent__endswith="/".join(names[:-1]))
        return found


class FormerRegion(models.Model):
    """A code or name a region had before (宁乡县 430124 → 宁乡市 430182), so that a
    search, filter or file naming the old one finds today's region."""

    old_code = models.CharField(_("former code"), max_length=12, blank=True)
    old_name = models.CharField(_("former name"), max_length=64)
    old_parent = models.CharField(
        _("former parent"),
        max_length=255,
        blank=True,
        help_text=_("Names of the regions it lay in then, from the province down."),
    )
    successor = models.ForeignKey(
        Region,
        models.CASCADE,
        related_name="former",
        verbose_name=_("successor"),
    )
    relation = models.CharField(
        _("relation"), max_length=16, choices=RegionChange.choices
    )
    basis = models.TextField(_("basis"), blank=True)

    objects = FormerRegionQuerySet.as_manager()

    class Meta:
        ordering = ["old_code", "old_name"]
        verbose_name = _("former region")
        verbose_name_plural = _("former regions")
        indexes = [models.Index(fields=["old_code"]), models.Index(fields=["old_name"])]
        constraints = [in_choices("relation", RegionChange)]

    def __str__(self):
        code = f" {self.old_code}" if self.old_code else ""
        return f"{self.old_parent}/{self.old_name}{code} → {self.successor_id}"


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


class ActorQuerySet(models.QuerySet):
    def public(self):
        """Actors taking part in a published practice: the only ones shown."""
        from .parts import Involvement  # parts.py builds on this module

        taking_part = Involvement.objects.filter(practice__status=Status.PUBLISHED)
        return self.filter(pk__in=taking_part.values("actor_id"))

    def named(self, names):
        """Actors whose names fold (script, case) to those of `names`."""
        return self.filter(folded_name__in={fold_script(name) for name in names})


class Actor(models.Model):
    """Who takes part, as the source names it; one record whatever the script: 群众 and
    群眾 are one actor (matched on the folded name)."""

    name = models.CharField(_("name"), max_length=128, unique=True)
    folded_name = models.CharField(max_length=128, unique=True, editable=False)
    name_en = models.CharField(_("English name"), max_length=255, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=ActorKind.choices)
    level = models.CharField(
        _("level"), max_length=16, choices=Level.choices, blank=True
    )

    objects = ActorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("actor")
        verbose_name_plural = _("actors")
        constraints = [in_choices("kind", ActorKind), in_choices("level", Level, True)]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.folded_name = fold_script(self.name)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "folded_name"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("browse:actor", args=[self.pk])

    def clean(self):
        same = Actor.objects.filter(folded_name=fold_script(self.name))
        if same.exclude(pk=self.pk).exists():
            raise ValidationError(
                {
                    "name": _(
                        "This actor is already in the library, in the other script."
                    )
                }
            )


class SourceDocumentQuerySet(models.QuerySet):
    def public(self):
        """Sources cited by a published practice: the only ones shown."""
        cited = self.model.practices.through.objects.filter(
            practice__status=Status.PUBLISHED
        )
        return self.filter(pk__in=cited.values("sourcedocument_id"))


class SourceDocument(models.Model):
    slug = models.SlugField(_("key"), max_length=100, unique=True)
    title = models.CharField(_("title"), max_length=255)
    subtitle = models.CharField(_("subtitle"), max_length=255, blank=True)
    publication = models.CharField(_("publication"), max_length=255, blank=True)
    dateline = models.CharField(
        _("dateline"),
        max_length=100,
        blank=True,
        help_text=_(
            "As printed, e.g. 鲁网5月14日讯; the date goes in “published on” only "
            "where the year is printed too."
        ),
    )
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

    objects = SourceDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["slug"]
        verbose_name = _("source document")
        verbose_name_plural = _("source documents")
        constraints = [in_choices("script", Script)]

    def __str__(self):
        return self.title
