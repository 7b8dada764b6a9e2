"""A practice's search fields (search.py): its folded search text and index tokens,
built in sections — its own texts, its places and themes, its steps, its actors,
its figures — each folded and tokenised on its own and then joined. Folding works
run by run of Han characters and tokens never cross a line break, so the joined
sections are the text and tokens of the whole, and a section can be worked out
wherever its texts are known: from the stored rows (refresh_derived_fields), or
from a case file's practice while the file is checked (search_ahead.py)."""

from functools import lru_cache
from itertools import chain
from typing import NamedTuple

from .folding import fold_script, pinyin_sort_key
from .search import tokens
from .store import PRACTICE_TEXT_FIELDS, entry_places


class Section(NamedTuple):
    """Folded lines and their index tokens, each once, in order (space-separated)."""

    text: str
    tokens: str


def section(texts):
    folded = fold_script("\n".join(t for t in texts if t))
    return Section(folded, " ".join(dict.fromkeys(tokens(folded))))


class OwnSections(NamedTuple):
    """What of a practice's search fields depends on its own texts alone: its
    fields, steps and figures as sections, its search title and title sort key."""

    head: Section
    steps: Section
    metrics: Section
    search_title: str
    title_pinyin: str


def own_sections(title, alias, head_texts, step_texts, metric_names):
    return OwnSections(
        head=section(head_texts),
        steps=section(step_texts),
        metrics=section(metric_names),
        search_title=fold_script(f"{title}\n{alias}"),
        title_pinyin=pinyin_sort_key(title),
    )


def stored_own_sections(practice, parts):
    """OwnSections of a practice and its derived.PracticeParts."""
    return own_sections(
        practice.title,
        practice.alias,
        [getattr(practice, name) for name in PRACTICE_TEXT_FIELDS],
        [f"{s.name} {s.description}" for s in parts.steps],
        [m.name for m in parts.metrics],
    )


def entry_own_sections(data):
    """OwnSections of a practice as a case file holds it (the fields
    store.set_practice_fields, set_step_fields and set_part_fields write)."""
    steps = [entry for _place, entry in entry_places(data.get("steps", []))]
    return own_sections(
        data.get("title", ""),
        data.get("alias", ""),
        [data.get(name, "") for name in PRACTICE_TEXT_FIELDS],
        [f"{s.get('name', '')} {s.get('description', '')}" for s in steps],
        [m["name"] for owner in [data, *steps] for m in owner.get("metrics", [])],
    )


@lru_cache(maxsize=4096)
def places_section(region_names, themes):
    """`region_names` top down and `themes` ((name, English name), …) as a section:
    shared by many practices, worked out once."""
    return section([*region_names, *(f"{name} {name_en}" for name, name_en in themes)])


@lru_cache(maxsize=16384)
def actor_section(name):
    return section([name])


def practice_search_fields(practice, parts, region_names, own):
    """search_title (for the practice row), text and tokens (for PracticeSearch).
    `parts`: the practice's derived.PracticeParts; `region_names`: the names of its
    region and those above it, top down; `own`: its OwnSections (from its entry or
    its rows)."""
    places = places_section(
        tuple(region_names), tuple((t.name, t.name_en) for t in parts.themes)
    )
    actors = [actor_section(i.actor.name) for i in parts.involvements]
    sections = [own.head, places, own.steps, *actors, own.metrics]
    return {
        "search_title": own.search_title,
        "text": "\n".join(s.text for s in sections if s.text),
        "tokens": " ".join(
            dict.fromkeys(chain.from_iterable(s.tokens.split() for s in sections))
        ),
    }
