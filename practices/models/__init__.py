"""The data model: regions, themes, actors, sources, and practices with their steps,
involvements and metrics (DESIGN.md, "Data model")."""

from .parts import Involvement, Metric, Step
from .practice import Practice, PracticeQuerySet, PracticeSearch
from .reference import (
    PATH_SEGMENT_WIDTH,
    Actor,
    FormerRegion,
    Region,
    RegionQuerySet,
    SourceDocument,
    Theme,
    name_path,
    partial_date_validator,
)
from .revision import PracticeRevision, RevisionQuerySet

__all__ = [
    "PATH_SEGMENT_WIDTH",
    "Actor",
    "FormerRegion",
    "Involvement",
    "Metric",
    "Practice",
    "PracticeQuerySet",
    "PracticeRevision",
    "PracticeSearch",
    "Region",
    "RegionQuerySet",
    "RevisionQuerySet",
    "SourceDocument",
    "Step",
    "Theme",
    "name_path",
    "partial_date_validator",
]
