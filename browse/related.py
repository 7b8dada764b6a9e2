"""Practices related to one practice, each with why: the actors they share, the
themes they share, the same county or city. Candidates come from indexed lookups
(involvements by actor, region paths by prefix, the newest with a shared theme),
so the cost does not grow with the library; they are then scored here."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from practices.derived import theme_bit
from practices.models import Involvement, Practice

from .filters import has_any_bit

SHOWN = 5
CANDIDATES = 200  # per kind of lookup
SEGMENT = 7  # one "000018/" segment of a region path


@dataclass
class Related:
    practice: object
    score: int = 0
    actors: list = field(default_factory=list)
    themes: list = field(default_factory=list)
    region: str = ""


def related_practices(practice):
    """Up to SHOWN published practices like `practice`, best first, with reasons.
    `practice` has its themes and involvements (with actors) prefetched."""
    published = Practice.objects.published().exclude(pk=practice.pk)
    actor_names = {i.actor_id: i.actor.name for i in practice.involvements.all()}
    themes = {theme.pk: theme for theme in practice.themes.all()}
    ids = set(
        Involvement.objects.filter(actor_id__in=actor_names, practice__in=published)
        .order_by()
        .values_list("practice_id", flat=True)
        .distinct()[:CANDIDATES]
    )
    city = practice.region_path[: SEGMENT * 2]
    if len(city) == SEGMENT * 2:
        ids |= set(
            published.filter(region_path__startswith=city).values_list("pk", flat=True)[
                :CANDIDATES
            ]
        )
    if practice.theme_bits:
        ids |= set(
            published.filter(has_any_bit("theme_bits", [practice.theme_bits]))
            .order_by("-created_at")
            .values_list("pk", flat=True)[:CANDIDATES]
        )
    shared_actors = {}
    for practice_id, actor_id in Involvement.objects.filter(
        practice_id__in=ids, actor_id__in=actor_names
    ).values_list("practice_id", "actor_id"):
        shared_actors.setdefault(practice_id, set()).add(actor_id)
    # Scored from a few columns of each candidate (themes from the bit set); only
    # the practices shown are read whole.
    found = []
    candidates = published.filter(pk__in=ids).values_list(
        "pk", "region_path", "theme_bits", "title_pinyin"
    )
    for pk, region_path, theme_bits, title_pinyin in candidates:
        item = Related(pk)
        item.actors = sorted(actor_names[a] for a in shared_actors.get(pk, ()))
        item.themes = [
            theme.name for theme in themes.values() if theme_bits & theme_bit(theme.pk)
        ]
        if region_path == practice.region_path:
            item.region = _("same place")
        elif region_path.startswith(city) and len(city) == SEGMENT * 2:
            item.region = _("same city")
        item.score = 2 * len(item.actors) + 3 * len(item.themes) + bool(item.region) * 2
        if item.score:
            found.append((-item.score, title_pinyin, pk, item))
    shown = [item for *_order, item in sorted(found)[:SHOWN]]
    rows = Practice.objects.in_bulk([item.practice for item in shown])
    for item in shown:
        item.practice = rows[item.practice]
    return shown
