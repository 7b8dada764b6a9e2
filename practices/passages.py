"""Where each quote stands in its source: the passage a step or figure quotes, as
character offsets [start, end) into the source's stored text (code points, in the
manner of a W3C TextPositionSelector), found whitespace-blind as the quote rules
compare (provenance.quote_in_text) and stored with the quote by every write
(derived.refresh_derived_fields), so that no page searches a source at render time.

A source's text cannot change once a practice cites it (the admin and case files
refuse), so stored offsets stay true.
"""

from dataclasses import dataclass

from .provenance import WHITESPACE


@dataclass(frozen=True)
class Passage:
    source_id: int
    start: int
    end: int


class SqueezedText:
    """A text without its whitespace, remembering where each kept character stood."""

    def __init__(self, text):
        # The places between runs of whitespace, range by range (a test of every
        # character took most of an import's passage finding).
        self.places, kept, at = [], [], 0
        for run in WHITESPACE.finditer(text):
            self.places.extend(range(at, run.start()))
            kept.append(text[at : run.start()])
            at = run.end()
        self.places.extend(range(at, len(text)))
        kept.append(text[at:])
        self.squeezed = "".join(kept)

    def find(self, quote):
        """(start, end) of the first whitespace-blind occurrence of `quote`, or None."""
        needle = WHITESPACE.sub("", quote or "")
        at = self.squeezed.find(needle) if needle else -1
        if at < 0:
            return None
        return self.places[at], self.places[at + len(needle) - 1] + 1


def locate(quote, text):
    """(start, end) of `quote` in `text`, whitespace ignored; None if absent."""
    return SqueezedText(text).find(quote)


def find_passage(quote, sources):
    """The Passage of `quote` in the first of `sources` [(id, SqueezedText)]
    that holds it."""
    for source_id, text in sources:
        found = text.find(quote)
        if found:
            return Passage(source_id, *found)
    return None


def moved_passages(parts):
    """The steps and figures among a practice's `parts` (derived.PracticeParts)
    whose stored passage is not where their quote stands, each set to where it
    does: for the caller to write (only these rows)."""
    sources = [(s.pk, SqueezedText(s.text)) for s in parts.sources]
    moved = []
    for item in [*parts.steps, *parts.metrics]:
        passage = find_passage(item.source_quote, sources)
        if passage != stored_passage(item):
            set_passage(item, passage)
            moved.append(item)
    return moved


PASSAGE_FIELDS = ["passage_source", "passage_start", "passage_end"]


def stored_passage(item):
    if item.passage_source_id is None:
        return None
    return Passage(item.passage_source_id, item.passage_start, item.passage_end)


def set_passage(item, passage):
    item.passage_source_id = passage and passage.source_id
    item.passage_start = passage and passage.start
    item.passage_end = passage and passage.end
