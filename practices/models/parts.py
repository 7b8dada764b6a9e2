"""A practice's parts: its nested, ordered steps, the actors involved in them with
their roles, and its figures (metrics), each quoting the source."""

from decimal import Decimal

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from ..choices import (
    MetricKind,
    MetricNature,
    MetricPeriod,
    Qualifier,
    Role,
    StepFunction,
    StepKind,
    in_choices,
)
from .practice import Practice
from .reference import Actor, SourceDocument, partial_date_validator


class QuotedPassage(models.Model):
    """Where a step's or figure's quote stands in its source, as character offsets
    [start, end) into the source's text: set by every write (practices/passages.py),
    never edited by hand."""

    passage_source = models.ForeignKey(
        SourceDocument,
        models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="quoted_%(class)ss",
    )
    passage_start = models.PositiveIntegerField(null=True, blank=True, editable=False)
    passage_end = models.PositiveIntegerField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True


class Step(QuotedPassage):
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
    function = models.CharField(
        _("function"),
        max_length=16,
        choices=StepFunction.choices,
        blank=True,
        help_text=_("What the step does; leave empty where the source does not say."),
    )
    kind = models.CharField(
        _("kind"),
        max_length=16,
        choices=StepKind.choices,
        default=StepKind.STAGE,
        help_text=_(
            "A stage of the flow; an item of a list of categories (满意/一般/不满意); "
            "or a standing component that works alongside the others."
        ),
    )

    # Where the step stands in its practice's tree, kept by every write
    # (store.py, derived.refresh_derived_fields) so that the step table's export
    # reads steps in reading order without walking the tree.
    depth = models.PositiveSmallIntegerField(
        _("depth"), default=1, editable=False, help_text=_("1 for a top-level step")
    )
    tree_order = models.PositiveIntegerField(
        _("order in the tree"),
        default=0,
        editable=False,
        help_text=_("The step's place in its practice's reading order, from 0."),
    )

    class Meta:
        ordering = ["practice", "pk"]
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        constraints = [
            in_choices("function", StepFunction, allow_blank=True),
            in_choices("kind", StepKind),
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


class Involvement(models.Model):
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


class Metric(QuotedPassage):
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
    nature = models.CharField(
        _("nature"),
        max_length=16,
        choices=MetricNature.choices,
        default=MetricNature.COUNT,
        help_text=_(
            "What sort of number it is: a ranking (全市第一) is not a number of "
            "persons, a share (近五成) is not a count."
        ),
    )
    period = models.CharField(
        _("period"),
        max_length=16,
        choices=MetricPeriod.choices,
        blank=True,
        help_text=_("Which period the figure covers, where the source says."),
    )
    period_text = models.CharField(
        _("period as written"),
        max_length=64,
        blank=True,
        help_text=_(
            "The source's own words for the period (2013年以来, 截至4月), verbatim "
            "from the quote."
        ),
    )
    period_start = models.CharField(
        _("period start"),
        max_length=10,
        blank=True,
        validators=[partial_date_validator],
    )
    as_of = models.CharField(
        _("as of"),
        max_length=10,
        blank=True,
        validators=[partial_date_validator],
        help_text=_("The date the figure stands at, or the end of its period."),
    )
    source_quote = models.TextField(_("source quote"))

    class Meta:
        ordering = ["practice", "pk"]
        verbose_name = _("metric")
        verbose_name_plural = _("metrics")
        constraints = [
            in_choices("qualifier", Qualifier),
            in_choices("kind", MetricKind),
            in_choices("nature", MetricNature),
            in_choices("period", MetricPeriod, allow_blank=True),
            models.CheckConstraint(
                condition=Q(value_max__isnull=True) | Q(value_max__gte=F("value")),
                name="metric_value_max_not_below_value",
                violation_error_message=_(
                    "The maximum value cannot be below the value."
                ),
            ),
        ]

    def __str__(self):
        value = Decimal(str(self.value)).normalize() if self.value is not None else ""
        return f"{self.name}: {value if value == '' else format(value, 'f')}"
