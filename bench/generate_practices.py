"""Generate N synthetic published practices for benchmarks.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/govcases_bench \
        python bench/generate_practices.py --count 100000

Practices are spread over the real counties and themes of fixtures/, with steps
(some nested), involvements of real-looking actors and metrics, and text drawn from
the seed library's own sentences, about a tenth in Traditional script. Each
practice cites an article of its own (a synthetic source holding its title, summary,
steps and figures), so that every quote is in its source, with its passage offsets
stored, as the library's rules require: a synthetic library exports and imports back
like a real one. Derived fields (search text and tokens, counts, actor kinds) are
computed as the app does, from fragments folded once. Reference data must be loaded
(manage.py setup_library loads it). Existing synthetic practices (slug "synthetic-…")
are replaced.
"""

import argparse
import json
import random
import re
import time
from decimal import Decimal

from django_setup import ROOT, setup

setup(debug="1")

from django.db import connection, transaction  # noqa: E402

from casefiles.loader import walk, walk_steps  # noqa: E402
from practices.choices import Level, MetricKind, Role, Status  # noqa: E402
from practices.derived import actor_kind_bit, bit_set, theme_bit  # noqa: E402
from practices.folding import (  # noqa: E402
    fold_script,
    fold_unit,
    pinyin_sort_key,
    to_traditional,
)
from practices.models import (  # noqa: E402
    Actor,
    Involvement,
    Metric,
    Practice,
    PracticeSearch,
    Region,
    SourceDocument,
    Step,
    Theme,
)
from practices.search import tokens  # noqa: E402
from practices.units import nature_of_unit  # noqa: E402

BATCH = 2000
SEED_CASES = ROOT / "fixtures" / "cases"


def seed_vocabulary():
    """Step names, (metric name, unit) pairs and actor names of the seed library."""
    steps, metrics, actors = set(), set(), set()
    for path in sorted(SEED_CASES.glob("*.json")):
        document = json.loads(path.read_text(encoding="utf-8"))
        actors.update(actor["name"] for actor in document.get("actors", []))
        for practice in document["practices"]:
            steps.update(step["name"] for step in walk_steps(practice.get("steps", [])))
            metrics.update(
                (m["name"], m.get("unit", "")) for m in walk(practice, "metrics")
            )
    return sorted(steps), sorted(metrics), sorted(actors)


def seed_sentences():
    """The sentences of the seed pages in the repository (fixtures/seed-pages)."""
    text = "".join(
        p.read_text(encoding="utf-8")
        for p in sorted((ROOT / "fixtures" / "seed-pages").glob("*.txt"))
    )
    sentences = re.split(r"(?<=[。；！？])", "".join(text.split()))
    found = [s for s in sentences if 8 <= len(s) <= 120]
    if len(found) < 10:
        raise SystemExit("fixtures/seed-pages holds too few sentences to draw from")
    return found


class Vocabulary:
    """Text fragments, each folded once, so 100k practices need no OpenCC calls."""

    def __init__(self, rng):
        self.rng = rng
        sentences = seed_sentences()
        self.sentences = [(s, fold_script(s)) for s in sentences]
        self.traditional = {s: to_traditional(s) for s, _ in self.sentences[:2000]}
        step_names, self.metrics, actor_names = seed_vocabulary()
        self.steps = [(n, fold_script(n)) for n in step_names]
        self.counties = list(
            Region.objects.filter(level=Level.COUNTY).values_list("pk", "path")
        )
        self.region_names = self._region_names()
        self.themes = list(Theme.objects.values_list("pk", "name", "name_en"))
        self.actors = self._actors(actor_names)

    def _region_names(self):
        names = dict(Region.objects.values_list("pk", "name"))
        return {
            path: fold_script(
                " ".join(names[int(seg)] for seg in path.strip("/").split("/"))
            )
            for _, path in self.counties
        }

    def _actors(self, names):
        """(pk, kind, folded name) of the seed library's actors (loaded already)."""
        rows = Actor.objects.filter(name__in=names).values_list("pk", "kind", "name")
        return [(pk, kind, fold_script(name)) for pk, kind, name in rows]

    def text(self, count, traditional):
        chosen = self.rng.sample(self.sentences, count)
        shown = "".join(
            self.traditional.get(s, s) if traditional else s for s, _ in chosen
        )
        return shown, "".join(folded for _, folded in chosen)


def build_practice(n, vocab, rng):
    region_id, path = rng.choice(vocab.counties)
    traditional = rng.random() < 0.1
    title_source, title_folded = rng.choice(vocab.sentences)
    title = (
        vocab.traditional.get(title_source, title_source)
        if traditional
        else title_source
    )[:30]
    summary, summary_folded = vocab.text(3, traditional)
    themes = rng.sample(vocab.themes, rng.randint(1, 3))
    steps = [rng.choice(vocab.steps) for _ in range(rng.randint(4, 9))]
    actors = rng.sample(vocab.actors, rng.randint(2, 5))
    metrics = rng.sample(vocab.metrics, rng.randint(1, 5))
    folded = "\n".join(
        [title_folded[:30], summary_folded, vocab.region_names[path]]
        + [f"{name} {name_en}".lower() for _, name, name_en in themes]
        + [s[1] for s in steps]
        + [a[2] for a in actors]
        + [name for name, _ in metrics]
    )
    practice = Practice(
        slug=f"synthetic-{n}",
        title=title,
        region_id=region_id,
        region_path=path,
        implementing_level=Level.COUNTY,
        summary=summary,
        status=Status.PUBLISHED,
        year_started=rng.choice([None, *range(2010, 2024)]),
        search_title=title_folded[:30],
        title_pinyin=pinyin_sort_key(title),
        theme_bits=bit_set(theme_bit(t[0]) for t in themes),
        actor_kind_bits=bit_set(actor_kind_bit(a[1]) for a in actors),
        step_count=len(steps),
        actor_count=len(actors),
        metric_count=len(metrics),
    )
    search = PracticeSearch(text=folded, tokens=" ".join(dict.fromkeys(tokens(folded))))
    metrics = [(name, unit, rng.randint(1, 5000)) for name, unit in metrics]
    source = synthetic_source(n, practice, steps, metrics, traditional)
    return practice, themes, steps, actors, metrics, search, source


def metric_quote(name, unit, value):
    return f"{name}{value}{unit}"


def synthetic_source(n, practice, steps, metrics, traditional):
    """The practice's own article: its title, summary, then a sentence per step
    and figure, which are what the steps and figures quote."""
    lines = [practice.title, practice.summary]
    lines += [f"{name}。" for name, _ in steps]
    lines += [metric_quote(*metric) + "。" for metric in metrics]
    return SourceDocument(
        slug=f"synthetic-source-{n}",
        title=practice.title,
        publication="合成数据",
        script="hant" if traditional else "hans",
        text="\n".join(lines),
    )


def passage(source, quote):
    start = source.text.find(quote)
    return {
        "passage_source_id": source.pk,
        "passage_start": start,
        "passage_end": start + len(quote),
    }


def write_batch(batch, rng):
    practices = Practice.objects.bulk_create([b[0] for b in batch])
    sources = SourceDocument.objects.bulk_create([b[6] for b in batch])
    for practice, b in zip(practices, batch, strict=True):
        b[5].practice_id = practice.pk
    PracticeSearch.objects.bulk_create([b[5] for b in batch])
    through = Practice.themes.through
    source_through = Practice.sources.through
    through.objects.bulk_create(
        through(practice_id=p.pk, theme_id=t[0])
        for p, b in zip(practices, batch, strict=True)
        for t in b[1]
    )
    source_through.objects.bulk_create(
        source_through(practice_id=p.pk, sourcedocument_id=s.pk)
        for p, s in zip(practices, sources, strict=True)
    )
    steps = []
    for practice, b in zip(practices, batch, strict=True):
        for position, (name, _) in enumerate(b[2], start=1):
            steps.append(
                Step(
                    practice_id=practice.pk,
                    position=position,
                    name=name,
                    source_quote=name,
                    **passage(b[6], name),
                )
            )
    steps = Step.objects.bulk_create(steps)
    by_practice = {}
    for step in steps:
        by_practice.setdefault(step.practice_id, []).append(step)
    involvements, metrics = [], []
    for practice, b in zip(practices, batch, strict=True):
        own_steps = by_practice[practice.pk]
        for actor_id, _, _ in b[3]:
            involvements.append(
                Involvement(
                    practice_id=practice.pk,
                    step=rng.choice(own_steps),
                    actor_id=actor_id,
                    role=rng.choice(Role.values),
                )
            )
        for name, unit, value in b[4]:
            quote = metric_quote(name, unit, value)
            kind = rng.choice(MetricKind.values)
            metrics.append(
                Metric(
                    practice_id=practice.pk,
                    step=rng.choice(own_steps + [None]),
                    name=name,
                    value=Decimal(value),
                    unit=fold_unit(unit),  # as every write stores it: 個 is 个
                    kind=kind,
                    nature=nature_of_unit(fold_unit(unit), kind),
                    source_quote=quote,
                    **passage(b[6], quote),
                )
            )
    Involvement.objects.bulk_create(involvements)
    Metric.objects.bulk_create(metrics)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    started = time.monotonic()
    Practice.objects.filter(slug__startswith="synthetic-").delete()
    SourceDocument.objects.filter(slug__startswith="synthetic-source").delete()
    vocab = Vocabulary(rng)
    for start in range(0, args.count, BATCH):
        batch = [
            build_practice(n, vocab, rng)
            for n in range(start, min(start + BATCH, args.count))
        ]
        with transaction.atomic():
            write_batch(batch, rng)
        print(f"\r{start + len(batch)} practices", end="", flush=True)
    if connection.vendor == "postgresql":
        # As autovacuum would: statistics, and the visibility map that lets the
        # facet counts run as index-only scans.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    print(f"\ngenerated {args.count} practices in {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
