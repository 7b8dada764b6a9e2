"""Why a search result matched: for each practice of the page, the first place that
holds the query (title, summary, a step, an actor, a figure, …) and a snippet around
it with the matched text marked; and, for a run of characters that finds nothing, a
split into two words that does (六单党建 → 六单 党建).

Matching is on the folded text (practices/search.py), so 網格 marks 网格 and the
reverse. Only the page's rows are read (a fixed number of queries).
"""

from dataclasses import dataclass, field

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


FIELDS = ("title", "alias", "summary", "problem", "outcomes")


def part_places():
    """The places of practices' parts, in the order a reader looks: (place, rows of
    (practice id, name[, text]) in order), to be narrowed to some practices."""
    steps = Step.objects.order_by("practice_id", "parent_id", "position")
    involvements = Involvement.objects.order_by("practice_id", "pk")
    metrics = Metric.objects.order_by("practice_id", "pk")
    themes = Practice.themes.through.objects.order_by("practice_id", "theme_id")
    return [
        ("step", steps.values_list("practice_id", "name", "description")),
        ("actor", involvements.values_list("practice_id", "actor__name")),
        ("figure", metrics.values_list("practice_id", "name")),
        ("theme", themes.values_list("practice_id", "theme__name")),
    ]


def place_text(place, row):
    """(name, text) of a part's row."""
    if place == "step":
        return row[1], f"{row[1]}：{row[2]}"
    return "", row[1]


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
    """Set `match` (a Match, or None) on each practice of the page: the first place,
    in a reader's order (title, other name, summary, problem, outcomes, steps,
    actors, figures, themes), that holds the query. The practice's own fields are
    on the page already; each kind of part is read (names and texts only) for the
    practices that have no match yet, so a page whose matches are in the summaries
    reads nothing more."""
    terms = query_terms(query)
    if not terms or not practices:
        return
    pending = {}
    for practice in practices:
        practice.match = None
        for place in FIELDS:
            if _set_match(practice, place, "", getattr(practice, place), terms):
                break
        else:
            pending[practice.pk] = practice
    for place, rows in part_places():
        if not pending:
            break
        for row in rows.filter(practice_id__in=list(pending)):
            practice = pending.get(row[0])
            if practice is not None and _set_match(
                practice, place, *place_text(place, row), terms
            ):
                del pending[row[0]]


def _set_match(practice, place, name, text, terms):
    pieces = snippet(text or "", terms)
    if not pieces:
        return False
    # The title is on screen already: it is named, not quoted.
    shown = [] if place in ("title", "alias") else pieces
    practice.match = Match(PLACES[place], name, shown)
    return True


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
