"""Shaping a practice for its page: the nested step flow with actors and limits, and
the language of each quoted passage (its source's script)."""

from dataclasses import dataclass, field

from practices.choices import Script

from .source_page import passage_link

LANG_OF_SCRIPT = {Script.SIMPLIFIED: "zh-Hans", Script.TRADITIONAL: "zh-Hant"}


@dataclass
class StepNode:
    step: object
    involvements: list = field(default_factory=list)
    metrics: list = field(default_factory=list)
    children: list = field(default_factory=list)


def mark_passages(practice):
    """Set `quote_lang` (the script of the source it quotes) and `passage_url` (its
    passage on the source page) on each step and figure, from the passage stored
    with the quote: no source is searched here."""
    sources = {source.pk: source for source in practice.sources.all()}
    fallback = next(iter(sources.values()), None)
    for kind, items in (
        ("step", practice.steps.all()),
        ("figure", practice.metrics.all()),
    ):
        for item in items:
            source = sources.get(item.passage_source_id, fallback)
            item.quote_lang = LANG_OF_SCRIPT.get(source and source.script, "zh")
            item.passage_url = passage_link(item, kind, sources)


def step_tree(practice):
    """Top-level StepNodes in order, each with its parts and sub-steps (prefetched)."""
    mark_passages(practice)
    nodes = {step.pk: StepNode(step) for step in practice.steps.all()}
    for involvement in practice.involvements.all():
        if involvement.step_id in nodes:
            nodes[involvement.step_id].involvements.append(involvement)
    for metric in practice.metrics.all():
        if metric.step_id in nodes:
            nodes[metric.step_id].metrics.append(metric)
    top = []
    for node in sorted(nodes.values(), key=lambda n: n.step.position):
        parent = nodes.get(node.step.parent_id)
        (parent.children if parent else top).append(node)
    return top


def practice_actors(practice):
    """Each actor of the practice once, with the roles it plays (prefetched)."""
    actors = {}
    for involvement in practice.involvements.all():
        entry = actors.setdefault(involvement.actor.pk, (involvement.actor, []))
        role = involvement.get_role_display()
        if role not in entry[1]:
            entry[1].append(role)
    return sorted(actors.values(), key=lambda entry: entry[0].name)
