"""Shaping a source article for its page: its text in paragraphs, cut into pieces at
the edges of the passages that steps and figures quote (stored offsets, never
searched here), each piece knowing which passages cover it.

Scanned pages break lines where the column ended, mid-sentence; such breaks are
joined. A break is kept where a line ends a sentence (。！？…) or stops well short of
the text's usual line length (a headline, a byline, a paragraph's last line).
"""

from dataclasses import dataclass, field
from statistics import median

from django.urls import reverse

SENTENCE_ENDS = set("。！？!?…；;：:”」』】）)")
SHORT_LINE = 0.8  # of the median line length


@dataclass
class QuotedPassage:
    kind: str  # "step" or "figure"
    item: object  # the Step or Metric
    start: int
    end: int
    number: int = 0

    @property
    def anchor(self):
        return f"{self.kind}-{self.item.pk}"

    @property
    def practice_url(self):
        return f"{self.item.practice.get_absolute_url()}#{self.anchor}"


@dataclass
class Piece:
    text: str
    passages: list = field(default_factory=list)  # covering this piece
    starts: list = field(default_factory=list)  # beginning at this piece


def line_spans(text):
    """(start, end) of each non-blank line, its surrounding whitespace left out."""
    spans, offset = [], 0
    for line in text.splitlines(keepends=True):
        body = line.strip()
        if body:
            start = offset + line.index(body)
            spans.append((start, start + len(body)))
        offset += len(line)
    return spans


def paragraph_spans(text):
    """Paragraphs as lists of line spans: a scan's mid-sentence breaks joined."""
    lines = line_spans(text)
    if not lines:
        return []
    usual = median(end - start for start, end in lines)
    paragraphs, current = [], []
    for start, end in lines:
        current.append((start, end))
        ends_sentence = text[end - 1] in SENTENCE_ENDS
        if ends_sentence or end - start < usual * SHORT_LINE:
            paragraphs.append(current)
            current = []
    if current:
        paragraphs.append(current)
    return paragraphs


def numbered(passages):
    """The passages in reading order, numbered 1…n."""
    ordered = sorted(passages, key=lambda p: (p.start, -p.end, p.kind, p.item.pk))
    for number, passage in enumerate(ordered, 1):
        passage.number = number
    return ordered


def marked_paragraphs(text, passages):
    """[[Piece]]: the text in paragraphs, cut at every passage's edges."""
    edges = sorted({p.start for p in passages} | {p.end for p in passages})
    result = []
    for paragraph in paragraph_spans(text):
        pieces = []
        for line_start, line_end in paragraph:
            cuts = [line_start, *(e for e in edges if line_start < e < line_end)]
            for start, end in zip(cuts, [*cuts[1:], line_end], strict=True):
                pieces.append(
                    Piece(
                        text[start:end],
                        [p for p in passages if p.start <= start and end <= p.end],
                        [p for p in passages if p.start == start],
                    )
                )
        result.append(pieces)
    return result


def source_passages(steps, metrics):
    """QuotedPassages of the given steps and figures (their passages stored)."""
    return numbered(
        [QuotedPassage("step", s, s.passage_start, s.passage_end) for s in steps]
        + [QuotedPassage("figure", m, m.passage_start, m.passage_end) for m in metrics]
    )


def passage_link(item, kind, sources_by_pk):
    """The source page URL that shows `item`'s passage, or "" if it has none."""
    source = sources_by_pk.get(item.passage_source_id)
    if source is None:
        return ""
    anchor = f"{kind}-{item.pk}"
    url = reverse("browse:source", args=[source.slug])
    return f"{url}?passage={anchor}#passage-{anchor}"
