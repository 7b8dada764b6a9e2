"""How much of the curated seed library the draft extractor (casefiles/draft.py)
proposes on its own, page by page:

    python bench/draft_recall.py            # prints the tables, rewrites docs/drafts.md
    python bench/draft_recall.py --no-write # prints only

Each seed page (fixtures/seed-pages/00N_*.txt) is drafted with the library's actors
(the seed files' `actors` lists) and its seed file's region, and compared with every
practice of fixtures/cases/seed-00N.json together (a page may hold several articles;
the draft proposes one practice). Quotes are placed in the page with whitespace
removed; two quotes overlap when their places share a character.

- figure recall: curated metrics with a draft figure of the same value and unit
  (folded: 個 = 个) whose quote overlaps theirs / all curated metrics;
- figure precision: draft figures matching some curated metric / all draft figures;
- step recall: curated top-level steps whose quote overlaps a draft step's quote, or
  whose name shares min(6, its length) consecutive characters with it / all curated
  top-level steps; step precision: draft top-level steps matching a curated
  top-level step that way / all draft top-level steps.
"""

import argparse
import json
import re
import sys
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from casefiles.draft import draft_case_file  # noqa: E402
from casefiles.draft_numbers import fold_chars  # noqa: E402
from practices.provenance import squeeze  # noqa: E402

PAGES = ROOT / "fixtures" / "seed-pages"
CASES = ROOT / "fixtures" / "cases"
DOC = ROOT / "docs" / "drafts.md"
START, END = "<!-- draft-recall:start -->", "<!-- draft-recall:end -->"
COMMAND = "python bench/draft_recall.py"


def seed_pairs():
    """(name, page text, seed document) for each seed page and its case file."""
    pairs = []
    for page in sorted(PAGES.glob("[0-9][0-9][0-9]_*.txt")):
        case = CASES / f"seed-{page.name[:3]}.json"
        if case.exists():
            document = json.loads(case.read_text(encoding="utf-8"))
            pairs.append((page.name, page.read_text(encoding="utf-8"), document))
    return pairs


def library_actors(documents):
    """The library's actors: every seed file's declared actors, once each."""
    actors = {}
    for document in documents:
        for actor in document.get("actors", []):
            actors.setdefault(
                actor["name"], (actor["name"], actor["kind"], actor.get("level"))
            )
    return list(actors.values())


def draft_for(page_text, document, actors):
    region = document["practices"][0]["region"]
    return draft_case_file(page_text, region=region, known_actors=actors)


def walk_steps(steps):
    for step in steps:
        yield step
        yield from walk_steps(step.get("steps", []))


def metrics_of(practice):
    yield from practice.get("metrics", [])
    for step in walk_steps(practice.get("steps", [])):
        yield from step.get("metrics", [])


def places(quote, page):
    """Every (start, end) of the quote in the page, whitespace removed."""
    needle = squeeze(quote)
    if not needle:
        return []
    return [
        (m.start(), m.start() + len(needle))
        for m in re.finditer(re.escape(needle), page)
    ]


def overlap(first, second):
    return any(a < d and c < b for a, b in first for c, d in second)


def shares_run(name, quote):
    """Do `name` and `quote` share min(6, len(name)) consecutive characters?"""
    name, quote = fold_chars(squeeze(name)), fold_chars(squeeze(quote))
    size = min(6, len(name))
    return size >= 2 and any(
        name[i : i + size] in quote for i in range(len(name) - size + 1)
    )


def same_figure(curated, draft):
    return Decimal(str(curated["value"])) == Decimal(
        str(draft["value"])
    ) and fold_chars(curated.get("unit", "")) == fold_chars(draft.get("unit", ""))


def compare(page_text, document, draft):
    """(found, curated, matching, drafted) for the figures and steps of a page."""
    page = squeeze(page_text)
    curated = [m for p in document["practices"] for m in metrics_of(p)]
    drafted = list(metrics_of(draft["practices"][0]))
    where = {id(m): places(m["source_quote"], page) for m in curated + drafted}

    def figure_match(c, d):
        return same_figure(c, d) and overlap(where[id(c)], where[id(d)])

    tops = [s for p in document["practices"] for s in p.get("steps", [])]
    all_steps = list(walk_steps(draft["practices"][0].get("steps", [])))
    draft_tops = draft["practices"][0].get("steps", [])

    def step_match(c, d):
        near = overlap(places(c["source_quote"], page), places(d["source_quote"], page))
        return near or shares_run(c["name"], d["source_quote"])

    return {
        "figures": (
            sum(any(figure_match(c, d) for d in drafted) for c in curated),
            len(curated),
            sum(any(figure_match(c, d) for c in curated) for d in drafted),
            len(drafted),
        ),
        "steps": (
            sum(any(step_match(c, d) for d in all_steps) for c in tops),
            len(tops),
            sum(any(step_match(c, d) for c in tops) for d in draft_tops),
            len(draft_tops),
        ),
    }


def measure():
    """{page name: counts} and the totals, for every seed page."""
    pairs = seed_pairs()
    actors = library_actors(document for _name, _text, document in pairs)
    results = {}
    for name, text, document in pairs:
        results[name] = compare(text, document, draft_for(text, document, actors))
    totals = {
        key: tuple(sum(r[key][i] for r in results.values()) for i in range(4))
        for key in ("figures", "steps")
    }
    return results, totals


def ratio(part, whole):
    return f"{100 * part / whole:.0f} %" if whole else "–"


def table(results, totals):
    header = (
        "| page | figure recall | figure precision | top-level step recall "
        "| top-level step precision |\n| --- | --- | --- | --- | --- |\n"
    )
    rows = []
    for name, counts in [*results.items(), ("**total**", totals)]:
        cells = []
        for key in ("figures", "steps"):
            found, curated, matching, drafted = counts[key]
            cells.append(f"{ratio(found, curated)} ({found}/{curated})")
            cells.append(f"{ratio(matching, drafted)} ({matching}/{drafted})")
        rows.append(f"| {name} | " + " | ".join(cells) + " |")
    return header + "\n".join(rows) + "\n"


def write_doc(markdown):
    text = DOC.read_text(encoding="utf-8")
    before, rest = text.split(START, 1)
    _old, after = rest.split(END, 1)
    block = f"{START}\n\nMeasured with `{COMMAND}`:\n\n{markdown}\n{END}"
    DOC.write_text(before + block + after, encoding="utf-8")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-write", action="store_true", help="do not update docs")
    args = parser.parse_args()
    results, totals = measure()
    markdown = table(results, totals)
    print(markdown)
    if not args.no_write:
        write_doc(markdown)
        print(f"written to {DOC.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
