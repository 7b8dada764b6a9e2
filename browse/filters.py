"""The one FilterSet behind the browse page, its facet counts and every export."""

import django_filters
from django import forms
from django.db.models import F
from django.db.models.lookups import GreaterThan
from django.utils.translation import gettext_lazy as _

from practices.choices import ActorKind, Level
from practices.derived import actor_kind_bit, bit_set, theme_bit
from practices.models import Actor, FormerRegion, Involvement, Practice, Region, Theme
from practices.search import MAX_QUERY_LENGTH, filter_by_keyword

SORTS = {
    "newest": ["-created_at", "-pk"],
    "title": ["title_pinyin", "title", "pk"],
    "region": ["region_path", "title", "pk"],
    "year": ["-year_started", "-created_at", "-pk"],
}
SORT_CHOICES = [
    ("newest", _("newest first")),
    ("title", _("title (by pinyin)")),
    ("region", _("region")),
    ("year", _("year started")),
]


# Every value is bounded before any query: years are whole numbers in the model's
# range (a decimal such as -1e700000 would cost seconds to convert), and no parameter
# may repeat more often than a person could tick boxes.
YEAR_RANGE = (1949, 2100)
MAX_VALUES_PER_PARAMETER = 30


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", YEAR_RANGE[0])
        kwargs.setdefault("max_value", YEAR_RANGE[1])
        super().__init__(*args, **kwargs)


LEGACY_ID_DIGITS = 5  # database ids of the old URLs; official codes have 6 or more


def find_region(key):
    """The region an URL names: by official code (430000), by its full name path
    (湖南省/怀化市/洪江区, for a division without a code), or by an old link's database
    id; None if there is none."""
    key = key.strip().strip("/")
    if key.isdigit() and len(key) > LEGACY_ID_DIGITS:
        return Region.objects.filter(code=key).first() or former_region(key)
    if key.isdigit():
        return Region.objects.filter(pk=int(key)).first()
    names = [name for name in key.split("/") if name]
    if not names:
        return None
    found = Region.objects.by_name_path(key).filter(depth=len(names)).first()
    return found or former_region(key)


def former_region(key):
    """Today's region for a former code or name path (宁乡县's 430124 → 宁乡市), with
    `asked_for` set to the FormerRegion that led there; else None."""
    match = FormerRegion.objects.naming(key).select_related("successor").first()
    if match is None:
        return None
    region = match.successor
    region.asked_for = match
    return region


def find_legacy_region(key):
    """The region of an old link (?region=18, a database id), else None."""
    key = key.strip()
    if key.isdigit() and len(key) <= LEGACY_ID_DIGITS:
        return Region.objects.filter(pk=int(key)).first()
    return None


class RegionField(forms.CharField):
    default_error_messages = {
        "unknown": _(
            "There is no region “%(value)s”: give its official code (430000) or "
            "its names (湖南省/怀化市/洪江区)."
        ),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 120)
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        region = find_region(value)
        if region is None:
            raise forms.ValidationError(
                self.error_messages["unknown"], "unknown", {"value": value[:40]}
            )
        return region


class RegionFilter(django_filters.Filter):
    field_class = RegionField


class IdChoiceField(forms.ModelChoiceField):
    """A record by its id, refused before any query unless the id is a plausible one
    (a 30-digit number would overflow the database's integer)."""

    def to_python(self, value):
        text = str(value).strip() if value is not None else ""
        if text and not (text.isdigit() and len(text) <= 9):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(text)


class IdChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = IdChoiceField


class BoundedFilterForm(forms.Form):
    """Refuses a parameter given more than MAX_VALUES_PER_PARAMETER times."""

    def clean(self):
        cleaned = super().clean()
        values = getattr(self.data, "getlist", lambda name: [])
        for name in self.fields:
            if len(values(name)) > MAX_VALUES_PER_PARAMETER:
                cleaned.pop(name, None)
                self.add_error(
                    name,
                    _("Give at most %(count)d values.")
                    % {"count": MAX_VALUES_PER_PARAMETER},
                )
        return cleaned


class PracticeFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Keyword"),
        method="filter_keyword",
        max_length=MAX_QUERY_LENGTH,
    )
    region = RegionFilter(
        label=_("Region"),
        method="filter_region",
        widget=forms.HiddenInput,
    )
    theme = django_filters.ModelMultipleChoiceFilter(
        label=_("Theme"),
        queryset=Theme.objects.all(),
        to_field_name="slug",
        method="filter_themes",
        widget=forms.CheckboxSelectMultiple,
    )
    actor_kind = django_filters.MultipleChoiceFilter(
        label=_("Actor kind"),
        choices=ActorKind.choices,
        method="filter_actor_kinds",
        widget=forms.CheckboxSelectMultiple,
    )
    level = django_filters.MultipleChoiceFilter(
        label=_("Implementing level"),
        field_name="implementing_level",
        choices=Level.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    year_from = YearFilter(
        label=_("Started from (year)"), field_name="year_started", lookup_expr="gte"
    )
    year_to = YearFilter(
        label=_("Started until (year)"), field_name="year_started", lookup_expr="lte"
    )
    has_metrics = django_filters.BooleanFilter(
        label=_("Has figures"), method="filter_has_metrics"
    )
    actor = IdChoiceFilter(
        label=_("Actor"),
        queryset=Actor.objects.all(),
        method="filter_actor",
        widget=forms.HiddenInput,
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=SORT_CHOICES,
        method="keep",
        empty_label=None,
    )

    class Meta:
        model = Practice
        fields = []
        form = BoundedFilterForm

    def filter_keyword(self, queryset, name, value):
        return filter_by_keyword(queryset, value) if value.strip() else queryset

    def filter_region(self, queryset, name, region):
        return queryset.in_region(region)

    def filter_themes(self, queryset, name, themes):
        """Practices with any chosen theme or a theme below one."""
        if not themes:
            return queryset
        ids = themes_with_descendants(
            (theme.pk for theme in themes), Theme.objects.values_list("pk", "parent_id")
        )
        return queryset.filter(has_any_bit("theme_bits", map(theme_bit, ids)))

    def filter_actor_kinds(self, queryset, name, kinds):
        """Practices involving an actor of any chosen kind."""
        bits = map(actor_kind_bit, kinds)
        return queryset.filter(has_any_bit("actor_kind_bits", bits))

    def filter_actor(self, queryset, name, actor):
        """Practices the actor takes part in (in a step, or in the whole practice)."""
        taking_part = Involvement.objects.filter(actor=actor).values("practice_id")
        return queryset.filter(pk__in=taking_part)

    def filter_has_metrics(self, queryset, name, value):
        if value is None:
            return queryset
        return (
            queryset.filter(metric_count__gt=0)
            if value
            else queryset.filter(metric_count=0)
        )

    def keep(self, queryset, name, value):
        return queryset  # ordering is applied last, in filter_queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        ordering = SORTS.get(self.form.cleaned_data.get("sort") or "newest")
        if self.form.cleaned_data.get("q", "").strip():
            ordering = ["-title_match", *ordering]
        return queryset.order_by(*ordering)


def has_any_bit(field, bits):
    """A condition: the bit-set column `field` has any of `bits`."""
    return GreaterThan(F(field).bitand(bit_set(bits)), 0)


def themes_with_descendants(theme_ids, tree):
    """`theme_ids` and the ids of every theme below them; `tree` holds every theme's
    (id, parent id) pair (the taxonomy is small)."""
    children = {}
    for pk, parent_id in tree:
        children.setdefault(parent_id, []).append(pk)
    found, stack = set(), list(theme_ids)
    while stack:
        pk = stack.pop()
        found.add(pk)
        stack.extend(children.get(pk, []))
    return found
