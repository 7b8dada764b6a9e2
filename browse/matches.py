"""Why a search result matched: for each practice of the page, the first place that
holds the query (title, summary, a step, an actor, a figure, …) and a snippet around
it with the matched text marked; and, for a run of characters that finds nothing, a
split into two words that does (六单党建 → 六单 党建).

Matching is on the folded text (practices/search.py), so 網格 marks 网格 and the
reverse. Only the page's rows are read (a fixed number of queries).
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from practices.folding import fold_script
from practices.models import Involvement, Metric, Practice, Step
from practices.search import CJK_RUN, MAX_QUERY_LENGTH, query_terms

BEFORE, AFTER = 24, 56  # characters of context around the first match
MAX_SPLITS = 8  # split points tried for a query that finds nothing


@dataclass
class Match:
    where: str  # "title", "step" …, as translated below
    name: str = ""  # the step's, actor's or figure's name
    pieces: list = field(default_factory=list)  # [(text, marked)]


PLACES = {
    "title": _("title"),
    "alias": _("other name"),
    "summary": _("summary"),
    "problem": _("problem addressed"),
    "outcomes": _("outcomes"),
    "step": _("step"),
    "actor": _("actor"),
    "figure": _("figure"),
    "theme": _("theme"),
    "region": _("region"),
}


def places(practice):
    """(place, name, text) of a practice, in the order a reader looks."""
    for name in ("title", "alias", "summary", "problem", "outcomes"):
        yield name, "", getattr(practice, name)
    for step in practice.steps.all():
        yield "step", step.name, f"{step.name}：{step.description}"
    for involvement in practice.involvements.all():
        yield "actor", "", involvement.actor.name
    for metric in practice.metrics.all():
        yield "figure", "", metric.name
    for theme in practice.themes.all():
        yield "theme", "", theme.name


def snippet(text, terms):
    """[(text, marked)] around the first term found in `text` (folded), or None."""
    folded = fold_script(text)
    if len(folded) != len(text):  # folding changed lengths: no safe positions
        found = [t for t in terms if t in folded]
        return [(text[: BEFORE + AFTER], False)] if found else None
    hits = sorted(
        (start, start + len(term)) for term in terms for start in _all(folded, term)
    )
    if not hits:
        return None
    first = hits[0][0]
    lo, hi = max(0, first - BEFORE), min(len(text), first + AFTER)
    pieces, at = [], lo
    if lo > 0:
        pieces.append(("…", False))
    for start, end in hits:
        start, end = max(start, at), min(end, hi)
        if start >= end:
            continue
        pieces += [(text[at:start], False), (text[start:end], True)]
        at = end
    pieces.append((text[at:hi], False))
    if hi < len(text):
        pieces.append(("…", False))
    return [(piece, marked) for piece, marked in pieces if piece]


def _all(text, term):
    start = text.find(term)
    while start >= 0:
        yield start
        start = text.find(term, start + 1)


def explain_matches(practices, query):
    """Set `match` (a Match, or None) on each practice of the page."""
    terms = query_terms(query)
    if not terms or not practices:
        return
    loaded = Practice.objects.filter(pk__in=[p.pk for p in practices]).prefetch_related(
        Prefetch("steps", Step.objects.order_by("parent_id", "position")),
        Prefetch("involvements", Involvement.objects.select_related("actor")),
        Prefetch("metrics", Metric.objects.order_by("pk")),
        "themes",
    )
    by_pk = {p.pk: p for p in loaded}
    for practice in practices:
        practice.match = None
        for place, name, text in places(by_pk[practice.pk]):
            pieces = snippet(text or "", terms)
            if pieces:
                # The title is on screen already: it is named, not quoted.
                shown = [] if place in ("title", "alias") else pieces
                practice.match = Match(PLACES[place], name, shown)
                break


def split_suggestion(query, count_for):
    """A query of one run of Chinese characters that found nothing, split into two
    words that each occur and together find practices: (query, count), or None.
    `count_for(query)` counts the practices a query finds."""
    terms = query_terms(query)
    if len(terms) != 1 or not CJK_RUN.fullmatch(terms[0]) or len(terms[0]) < 4:
        return None
    run = terms[0][:MAX_QUERY_LENGTH]
    middle = len(run) // 2
    cuts = sorted(range(2, len(run) - 1), key=lambda cut: abs(cut - middle))
    for cut in cuts[:MAX_SPLITS]:
        split = f"{run[:cut]} {run[cut:]}"
        count = count_for(split)
        if count:
            return split, count
    return None
