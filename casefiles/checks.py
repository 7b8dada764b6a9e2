"""Cross-reference and provenance checks on a well-shaped case file.

Regions, themes, sources and actors must exist (or be declared in the file);
every quote must be in the practice's sources and every number in its quote;
field lengths and formats follow the models. Errors carry their paths.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError

from practices.models import (
    Actor,
    Metric,
    Practice,
    Region,
    SourceDocument,
    Step,
    Theme,
    partial_date_validator,
)
from practices.provenance import number_in_quote, quote_in_text
from practices.review import publish_error

MODEL_CHECKED_FIELDS = {
    Practice: ["slug", "title", "alias", "year_started"],
    SourceDocument: ["slug", "title", "publication", "authors", "url"],
    Actor: ["name", "name_en"],
    Step: ["name"],
    Metric: ["name", "unit"],
}


class ReferenceChecker:
    def __init__(self, document, user=None):
        self.document = document
        self.user = user
        self.errors = []
        self.source_texts = {}
        self.declared_actors = {}
        self.known_actors = set()
        self.plans = []

    def check(self):
        self._check_sources()
        self._check_actors()
        slugs = {}
        for index, practice in enumerate(self.document["practices"]):
            path = f"practices[{index}]"
            if practice["slug"] in slugs:
                first = slugs[practice["slug"]]
                self._error(f"{path}.slug", f"repeats the slug of practices[{first}]")
            slugs.setdefault(practice["slug"], index)
            self._check_practice(practice, path)
        return self.errors

    def new_actor_names(self):
        used = set()
        for plan in self.plans:
            used.update(_involved_actor_names(plan[0]))
        return sorted(used - self.known_actors)

    def _error(self, path, message):
        self.errors.append((path, message))

    def _check_sources(self):
        for index, source in enumerate(self.document["sources"]):
            path = f"sources[{index}]"
            if source["key"] in self.source_texts:
                self._error(f"{path}.key", f"repeats the key {source['key']!r}")
            self.source_texts[source["key"]] = source["text"]
            self._check_model_fields(
                SourceDocument, {"slug": source["key"], **source}, path
            )
            self._check_partial_date(source.get("published_on"), f"{path}.published_on")

    def _check_actors(self):
        for index, actor in enumerate(self.document.get("actors", [])):
            path = f"actors[{index}]"
            if actor["name"] in self.declared_actors:
                self._error(f"{path}.name", f"declares {actor['name']!r} twice")
            self.declared_actors[actor["name"]] = actor
            self._check_model_fields(Actor, actor, path)
        names = {i["actor"] for p in self.document["practices"] for i in _all_parts(p)}
        self.known_actors = set(
            Actor.objects.filter(name__in=names).values_list("name", flat=True)
        )

    def _check_practice(self, practice, path):
        self._check_model_fields(Practice, practice, path)
        region = self._region(practice["region"], f"{path}.region")
        themes = self._themes(practice["themes"], f"{path}.themes")
        texts = self._practice_sources(practice["sources"], f"{path}.sources")
        existing = (
            Practice.objects.filter(slug=practice["slug"])
            .select_related("region")
            .first()
        )
        self._check_status(practice, existing, path)
        self._check_parts(practice, path, texts)
        year = practice.get("year_started")
        if year is not None and not 1949 <= year <= 2100:
            self._error(f"{path}.year_started", "must be a year between 1949 and 2100")
        steps = _indexed_steps(practice.get("steps", []), f"{path}.steps")
        for step_path, step in steps:
            self._check_model_fields(Step, step, step_path)
            self._check_quote(step["source_quote"], texts, f"{step_path}.source_quote")
            self._check_parts(step, step_path, texts)
        if region is not None:
            self.plans.append((practice, region, themes, existing))

    def _check_status(self, practice, existing, path):
        if self.user is None:
            return
        current = existing or Practice()
        wanted = practice.get("status", current.status)
        error = publish_error(self.user, current, wanted)
        if error:
            self._error(f"{path}.status", error)

    def _region(self, value, path):
        if isinstance(value, dict):
            region = Region.objects.filter(code=value["code"]).first()
            if region is None:
                self._error(path, f"no region has the code {value['code']!r}")
            return region
        matches = list(Region.objects.by_name_path(value)[:5])
        if len(matches) > 1:  # a full path from the top wins over a shorter tail
            depth = len([part for part in value.split("/") if part.strip()])
            matches = [r for r in matches if r.depth == depth] or matches
        if not matches:
            self._error(path, f"no region is named {value}")
            return None
        if len(matches) > 1:
            names = "; ".join(r.full_name for r in matches)
            self._error(
                path, f"{value} is ambiguous: it matches {names}. Give the full path."
            )
            return None
        return matches[0]

    def _themes(self, slugs, path):
        found = {t.slug: t for t in Theme.objects.filter(slug__in=slugs)}
        for index, slug in enumerate(slugs):
            if slug not in found:
                self._error(f"{path}[{index}]", f"no theme has the slug {slug!r}")
        return [found[s] for s in slugs if s in found]

    def _practice_sources(self, keys, path):
        if not keys:
            self._error(path, "must name at least one source")
        texts = []
        for index, key in enumerate(keys):
            if key in self.source_texts:
                texts.append(self.source_texts[key])
                continue
            stored = SourceDocument.objects.filter(slug=key).values_list(
                "text", flat=True
            )
            if stored:
                texts.append(stored[0])
            else:
                self._error(f"{path}[{index}]", f"no source has the key {key!r}")
        return texts

    def _check_parts(self, owner, path, texts):
        for index, involvement in enumerate(owner.get("involvements", [])):
            name = involvement["actor"]
            if name not in self.declared_actors and name not in self.known_actors:
                self._error(
                    f"{path}.involvements[{index}].actor",
                    f"{name!r} is not in the library; declare it in the file's actors",
                )
        for index, metric in enumerate(owner.get("metrics", [])):
            self._check_metric(metric, f"{path}.metrics[{index}]", texts)

    def _check_metric(self, metric, path, texts):
        self._check_model_fields(Metric, metric, path)
        self._check_quote(metric["source_quote"], texts, f"{path}.source_quote")
        self._check_partial_date(metric.get("as_of"), f"{path}.as_of")
        for key in ("value", "value_max"):
            value = metric.get(key)
            if value is None:
                continue
            if abs(value) >= 10**16:
                self._error(f"{path}.{key}", "is too large")
            elif not number_in_quote(value, metric["source_quote"]):
                self._error(
                    f"{path}.{key}", f"{value} does not appear in the source_quote"
                )
        value_max = metric.get("value_max")
        if value_max is not None and Decimal(str(value_max)) < Decimal(
            str(metric["value"])
        ):
            self._error(f"{path}.value_max", "is below value")

    def _check_quote(self, quote, texts, path):
        if texts and not any(quote_in_text(quote, text) for text in texts):
            self._error(path, "is not found in the practice's source text")

    def _check_partial_date(self, value, path):
        if value:
            try:
                partial_date_validator(value)
            except ValidationError:
                self._error(
                    path, f"{value!r} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD"
                )

    def _check_model_fields(self, model, data, path):
        """Lengths and formats, as the model's own field validation words them."""
        for name in MODEL_CHECKED_FIELDS[model]:
            value = data.get(name)
            if value in (None, ""):
                continue
            model_field = model._meta.get_field(name)
            try:
                model_field.clean(value, None)
            except ValidationError as exc:
                key = "key" if (model, name) == (SourceDocument, "slug") else name
                for message in exc.messages:
                    self._error(f"{path}.{key}", message)


def _indexed_steps(steps, path):
    for index, step in enumerate(steps):
        step_path = f"{path}[{index}]"
        yield step_path, step
        yield from _indexed_steps(step.get("steps", []), f"{step_path}.steps")


def _all_parts(practice):
    yield from practice.get("involvements", [])
    for _, step in _indexed_steps(practice.get("steps", []), ""):
        yield from step.get("involvements", [])


def _involved_actor_names(practice):
    return {i["actor"] for i in _all_parts(practice)}
