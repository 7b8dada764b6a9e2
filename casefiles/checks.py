"""Cross-reference and provenance checks on the usable part of a case file.

Regions, themes, sources and actors must exist (or be declared in the file); a stored
source's text cannot change; the write rules (practices/rules.py: quotes, numbers,
the step tree) hold for every practice; field lengths and formats follow the models;
the user may set the status asked for. Errors carry their paths. Entries that are
None failed the shape check (schema.py) and are skipped.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from practices.choices import Status
from practices.folding import fold_script
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
from practices.review import publish_error
from practices.rules import owners, practice_dict_errors, present

MODEL_CHECKED_FIELDS = {
    Practice: ["slug", "title", "alias", "year_started"],
    SourceDocument: [
        "slug",
        "title",
        "subtitle",
        "publication",
        "dateline",
        "authors",
        "url",
    ],
    Actor: ["name", "name_en"],
    Step: ["name"],
    Metric: ["name", "unit"],
}


DECIMAL_PLACES = Metric._meta.get_field("value").decimal_places


@dataclass
class CheckedPractice:
    data: dict
    region: object
    themes: list
    existing: object
    status: str  # the status it will have once written


class ReferenceChecker:
    def __init__(self, document, user=None, status=None):
        self.document = document
        self.user = user
        self.status = status  # overrides every practice's status (publish on import)
        self.errors = []
        self.source_texts = {}
        self.declared_actors = {}
        self.known_actors = set()
        self.checked = []
        # Read once per file: each practice looks these up.
        self.regions = {}  # a region as written → (Region or None, error or None)
        self.themes = None  # {slug: Theme}
        self.stored = {}  # {slug: the stored practice}
        self.stored_source_texts = {}  # {key: text} of sources the file cites only

    def check(self):
        self._check_sources()
        self._check_actors()
        self._read_stored()
        slugs = {}
        for index, practice in present(self.document["practices"]):
            path = f"practices[{index}]"
            if practice["slug"] in slugs:
                message = _("repeats the slug of practices[%(index)d]")
                self._error(
                    f"{path}.slug", message % {"index": slugs[practice["slug"]]}
                )
            slugs.setdefault(practice["slug"], index)
            self._check_practice(practice, path)
        return self.errors

    def new_actor_names(self):
        used = {
            involvement["actor"]
            for checked in self.checked
            for _path, owner in owners(checked.data, "")
            for _index, involvement in present(owner.get("involvements"))
        }
        new = {fold_script(name): name for name in sorted(used)}
        return sorted(
            name for folded, name in new.items() if folded not in self.known_actors
        )

    def _read_stored(self):
        """The stored practices the file names, and the stored sources it cites
        without holding them, in two queries."""
        practices = [p for _index, p in present(self.document["practices"])]
        slugs = {p["slug"] for p in practices}
        self.stored = {
            p.slug: p
            for p in Practice.objects.filter(slug__in=slugs).select_related("region")
        }
        keys = {
            key
            for practice in practices
            for _index, key in present(practice["sources"])
            if key not in self.source_texts
        }
        self.stored_source_texts = dict(
            SourceDocument.objects.filter(slug__in=keys).values_list("slug", "text")
        )
        names = {p["region"] for p in practices if isinstance(p["region"], str)}
        for name_path, matches in Region.objects.by_name_paths(names).items():
            if matches:  # else by code or former name, one by one
                self.regions[name_path] = self._one_region(name_path, matches[:5])

    def _error(self, path, message):
        self.errors.append((path, message))

    def _check_sources(self):
        keys = [s["key"] for _index, s in present(self.document["sources"])]
        stored = {s.slug: s for s in SourceDocument.objects.filter(slug__in=keys)}
        for index, source in present(self.document["sources"]):
            path = f"sources[{index}]"
            if source["key"] in self.source_texts:
                message = _("repeats the key %(key)r") % {"key": source["key"]}
                self._error(f"{path}.key", message)
            self.source_texts[source["key"]] = source["text"]
            self._check_model_fields(
                SourceDocument, {"slug": source["key"], **source}, path
            )
            self._check_partial_date(source.get("published_on"), f"{path}.published_on")
            self._check_source_text(stored.get(source["key"]), source, path)

    def _check_source_text(self, stored, source, path):
        """A source's text is evidence: once practices cite it, it cannot change."""
        if stored is None or stored.text == source["text"]:
            return
        citing = sorted(stored.practices.values_list("slug", flat=True))
        if citing:
            message = _(
                "differs from the stored text of source %(key)r, which the practices "
                "%(practices)s quote. A source's text cannot change; give the new "
                "text another key."
            )
            practices = ", ".join(citing)
            self._error(
                f"{path}.text", message % {"key": stored.slug, "practices": practices}
            )

    def _check_actors(self):
        """Actors are one record whatever the script: names compare folded."""
        for index, actor in present(self.document.get("actors")):
            path = f"actors[{index}]"
            folded = fold_script(actor["name"])
            if folded in self.declared_actors:
                message = _("declares %(name)r twice") % {"name": actor["name"]}
                self._error(f"{path}.name", message)
            self.declared_actors[folded] = actor
            self._check_model_fields(Actor, actor, path)
        names = {
            involvement["actor"]
            for _index, practice in present(self.document["practices"])
            for _path, owner in owners(practice, "")
            for _index2, involvement in present(owner.get("involvements"))
        }
        self.known_actors = set(
            Actor.objects.named(names).values_list("folded_name", flat=True)
        )

    def _check_practice(self, practice, path):
        self._check_model_fields(Practice, practice, path)
        region = self._region(practice["region"], f"{path}.region")
        themes = self._themes(practice["themes"], f"{path}.themes")
        texts = self._practice_sources(practice["sources"], f"{path}.sources")
        existing = self.stored.get(practice["slug"])
        status = self._check_status(practice, existing, path)
        year = practice.get("year_started")
        if year is not None and not 1949 <= year <= 2100:
            message = _("must be a year between 1949 and 2100")
            self._error(f"{path}.year_started", message)
        self._check_parts(practice, path, texts)
        if region is not None:
            self.checked.append(
                CheckedPractice(practice, region, themes, existing, status)
            )

    def _check_status(self, practice, existing, path):
        """The status the practice will have: the override, the file's, or (for a
        stored practice) the one it has; refused if the user may not set it."""
        current = existing.status if existing else Status.DRAFT
        wanted = self.status or practice.get("status") or current
        if self.user is not None:
            error = publish_error(self.user, existing or Practice(), wanted)
            if error:
                self._error(f"{path}.status", error)
        return wanted

    def _region(self, value, path):
        key = ("code", value["code"]) if isinstance(value, dict) else value
        if key not in self.regions:
            self.regions[key] = self._find_region(value)
        region, message = self.regions[key]
        if message:
            self._error(path, message)
        return region

    def _find_region(self, value):
        """(the region `value` names, None) or (None, why not)."""
        if isinstance(value, dict):
            region = Region.objects.by_code(value["code"]).first()
            if region is None:
                message = _("no region has the code %(code)r")
                return None, message % {"code": value["code"]}
            return region, None
        return self._one_region(
            value, list(Region.objects.by_name_path_or_former(value)[:5])
        )

    def _one_region(self, value, matches):
        if len(matches) > 1:  # a full path from the top wins over a shorter tail
            depth = len([part for part in value.split("/") if part.strip()])
            matches = [r for r in matches if r.depth == depth] or matches
        if not matches:
            return None, _("no region is named %(name)s") % {"name": value}
        if len(matches) > 1:
            names = "; ".join(r.full_name for r in matches)
            message = _(
                "%(name)s is ambiguous: it matches %(names)s. Give the full path."
            )
            return None, message % {"name": value, "names": names}
        return matches[0], None

    def _themes(self, slugs, path):
        slugs = [slug for _index, slug in present(slugs)]
        if self.themes is None:
            self.themes = {t.slug: t for t in Theme.objects.all()}
        found = self.themes
        for index, slug in enumerate(slugs):
            if slug not in found:
                message = _("no theme has the slug %(slug)r") % {"slug": slug}
                self._error(f"{path}[{index}]", message)
        return [found[s] for s in slugs if s in found]

    def _practice_sources(self, keys, path):
        if not keys:
            self._error(path, _("must name at least one source"))
        texts = []
        for index, key in present(keys):
            if key in self.source_texts:
                texts.append(self.source_texts[key])
                continue
            stored = self.stored_source_texts.get(key)
            if stored is not None:
                texts.append(stored)
            else:
                message = _("no source has the key %(key)r") % {"key": key}
                self._error(f"{path}[{index}]", message)
        return texts

    def _check_parts(self, practice, path, texts):
        """Actors known; lengths and dates; then the write rules over the practice."""
        for owner_path, owner in owners(practice, path):
            if owner is not practice:
                self._check_model_fields(Step, owner, owner_path)
            for index, involvement in present(owner.get("involvements")):
                where = f"{owner_path}.involvements[{index}].actor"
                self._check_actor_known(involvement["actor"], where)
            for index, metric in present(owner.get("metrics")):
                where = f"{owner_path}.metrics[{index}]"
                self._check_model_fields(Metric, metric, where)
                for key in ("period_start", "as_of"):
                    self._check_partial_date(metric.get(key), f"{where}.{key}")
                self._check_magnitude(metric, where)
        for where, message in practice_dict_errors(practice, texts, path):
            self._error(where, message)

    def _check_actor_known(self, name, path):
        folded = fold_script(name)
        if folded not in self.declared_actors and folded not in self.known_actors:
            message = _(
                "%(name)r is not in the library; declare it in the file's actors"
            )
            self._error(path, message % {"name": name})

    def _check_magnitude(self, metric, path):
        """What the figure's columns hold: under 10^16, at most 4 decimal places (a
        finer number would be stored rounded, no longer the one its quote says)."""
        for key in ("value", "value_max"):
            value = metric.get(key)
            if value is None:
                continue
            if abs(value) >= 10**16:
                self._error(f"{path}.{key}", _("is too large"))
            elif Decimal(str(value)).normalize().as_tuple().exponent < -DECIMAL_PLACES:
                message = _("has more than %(places)d decimal places")
                self._error(f"{path}.{key}", message % {"places": DECIMAL_PLACES})

    def _check_partial_date(self, value, path):
        if value:
            try:
                partial_date_validator(value)
            except ValidationError:
                message = _("%(value)r is not a date: use YYYY, YYYY-MM or YYYY-MM-DD")
                self._error(path, message % {"value": value})

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
