"""The practice admin's forms: the write rules (rules.py) applied across the practice
form and its inline steps, involvements and metrics, each error on its field; step
pickers that offer only the practice's own steps."""

from decimal import Decimal

from django import forms
from django.db.models import F
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext as _

from .choices import Status
from .folding import fold_unit
from .models import Practice, Step
from .review import can_publish, publish_error
from .rules import Content, PartEntry, StepEntry, check_content, ordered_steps
from .slugs import unique_slug
from .units import nature_of_unit

# Positions are moved this far out of the way while a save renumbers the steps.
POSITION_OFFSET = 1_000_000


class PlainLineEndingsForm(forms.ModelForm):
    """Browsers send a textarea's line breaks as CRLF: stored text keeps the LF of its
    source (a quote saved unchanged must stay byte for byte what it was)."""

    def clean(self):
        cleaned = super().clean()
        for name, value in cleaned.items():
            if isinstance(value, str) and "\r" in value:
                cleaned[name] = value.replace("\r\n", "\n").replace("\r", "\n")
        return cleaned


class MetricForm(PlainLineEndingsForm):
    """A figure; its nature, left empty, is read off its unit (units.nature_of_unit);
    its numbers shown as written, 30 not 30.0000."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("value", "value_max"):
            if isinstance(self.initial.get(name), Decimal):
                self.initial[name] = plain_decimal(self.initial[name])
        if "nature" in self.fields:
            self.fields["nature"].required = False

    def clean_unit(self):
        return fold_unit(self.cleaned_data.get("unit", ""))

    def clean(self):
        data = super().clean()
        if "nature" in self.fields and not data.get("nature"):
            data["nature"] = nature_of_unit(data.get("unit", ""), data.get("kind", ""))
            self.instance.nature = data["nature"]
        return data


class PinyinSlugMixin:
    """A slug (or key) left empty is made from the title in pinyin, unique."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        slug = self.fields.get("slug")
        if slug is not None:
            slug.required = False
            slug.help_text = _("Left empty, it is made from the title in pinyin.")

    def clean_slug(self):
        slug = self.cleaned_data.get("slug")
        if slug:
            return slug
        others = self._meta.model.objects.exclude(pk=self.instance.pk)
        return unique_slug(
            self.data.get("title", "") or self.instance.title,
            lambda candidate: others.filter(slug=candidate).exists(),
        )


class PracticeAdminForm(PinyinSlugMixin, PlainLineEndingsForm):
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        status = self.fields.get("status")
        user = getattr(self, "request_user", None)
        if status is not None and user is not None and not can_publish(user):
            # An editor is offered only what they may choose.
            # (the menu only: a forged post still meets clean_status's message).
            if self.instance.status != Status.PUBLISHED:
                status.widget.choices = [
                    choice for choice in status.choices if choice[0] != Status.PUBLISHED
                ]

    def clean_status(self):
        status = self.cleaned_data["status"]
        error = publish_error(self.request_user, self.instance, status)
        if error:
            raise forms.ValidationError(error)
        return status

    def clean(self):
        cleaned = super().clean()
        # The inlines check quotes against the sources chosen in this same save.
        sources = cleaned.get("sources")
        self.instance.pending_source_texts = (
            None if sources is None else [source.text for source in sources]
        )
        return cleaned


def step_labels(practice):
    """(pk, "2.1 看") for every step of `practice`, in the order of its flow."""
    if practice is None or practice.pk is None:
        return []
    steps = list(practice.steps.order_by("position", "pk"))
    children = {}
    for step in steps:
        children.setdefault(step.parent_id, []).append(step)
    labels, seen = [], set()

    def walk(parent_id, prefix):
        for number, step in enumerate(children.get(parent_id, []), 1):
            if step.pk in seen:
                continue
            seen.add(step.pk)
            label = f"{prefix}{number}"
            labels.append((step.pk, f"{label} {step.name}"))
            walk(step.pk, f"{label}.")

    walk(None, "")
    return labels


class PracticeStepChoiceField(forms.ModelChoiceField):
    """Offers the practice's own steps. Any step id is accepted here, so that the
    write rules, not the picker, say why a step of another practice cannot be used."""

    def __init__(self, labels, **kwargs):
        self.labels = labels
        super().__init__(queryset=Step.objects.all(), **kwargs)

    def _get_choices(self):
        return [("", "---------"), *self.labels]

    choices = property(_get_choices, forms.ChoiceField.choices.fset)


def own_step_field(model, name, labels):
    model_field = model._meta.get_field(name)
    return PracticeStepChoiceField(
        labels,
        required=False,
        label=model_field.verbose_name.capitalize(),
        help_text=model_field.help_text,
    )


class PracticePartsFormSet(BaseInlineFormSet):
    """An inline formset of a practice's parts. When the last of the practice's inline
    formsets has cleaned, the write rules run once over all of them."""

    def clean(self):
        super().clean()
        practice = self.instance
        cleaned = practice.__dict__.setdefault("_cleaned_formsets", {})
        cleaned[self.prefix] = self
        expected = practice.__dict__.get("_expected_formsets", set())
        if set(cleaned) == expected and apply_rules(practice, cleaned):
            # The other formsets may already count as valid: this one must not.
            raise forms.ValidationError(
                _("Some entries break the library's rules: see the messages below.")
            )


def apply_rules(practice, formsets):
    """Check the submitted content; put each error on its form's field; renumber.
    Returns the errors."""
    step_forms = live_forms(formsets.get("steps"))
    by_pk = {form.instance.pk: form for form in step_forms if form.instance.pk}

    def step_key(step):
        if step is None:
            return None
        if step.pk in by_pk:
            return by_pk[step.pk]
        return ("foreign", step.pk) if step.practice_id != practice.pk else step.pk

    content = Content(source_texts=getattr(practice, "pending_source_texts", None))
    for form in step_forms:
        data = form.cleaned_data
        content.steps.append(
            StepEntry(
                form, step_key(data.get("parent")), data.get("position"), quote(data)
            )
        )
    for name in ("involvements", "metrics"):
        for form in live_forms(formsets.get(name)):
            data = form.cleaned_data
            content.parts.append(
                PartEntry(
                    form,
                    step_key(data.get("step")),
                    data.get("value"),
                    data.get("value_max"),
                    quote(data) if name == "metrics" else None,
                    *(
                        [data.get(field) or "" for field in PERIOD_FIELDS]
                        if name == "metrics"
                        else []
                    ),
                )
            )
    content.foreign_steps = {
        entry.parent for entry in content.steps if isinstance(entry.parent, tuple)
    } | {part.step for part in content.parts if isinstance(part.step, tuple)}
    errors = check_content(content)
    for error in errors:
        error.key.add_error(error.field, error.message)
    if not errors:
        for form, placed in ordered_steps(content.steps).items():
            form.instance.position = form.cleaned_data["position"] = placed.position
    return errors


PERIOD_FIELDS = ("period", "period_text", "period_start", "as_of")


def plain_decimal(value):
    """Decimal('30.0000') → '30', Decimal('2.5000') → '2.5'."""
    return format(value.normalize(), "f")


def quote(data):
    return data.get("source_quote") or ""


def live_forms(formset):
    """The forms of `formset` that will be saved: not deleted, not left empty."""
    if formset is None:
        return []
    return [
        form
        for form in formset.forms
        if hasattr(form, "cleaned_data")
        and form.cleaned_data
        and not formset._should_delete_form(form)
    ]


def save_steps(formset):
    """Save the step forms with their renumbered positions: existing steps are first
    moved out of the way, so that no two steps ever share a position mid-save."""
    formset.save(commit=False)
    for step in formset.deleted_objects:
        step.delete()
    practice = formset.instance
    Step.objects.filter(practice=practice).update(
        position=F("position") + POSITION_OFFSET
    )
    for form in live_forms(formset):
        form.instance.practice = practice
        form.instance.save()


class SourceDocumentAdminForm(PinyinSlugMixin, PlainLineEndingsForm):
    """A source; its key, left empty, is made from its title in pinyin."""
