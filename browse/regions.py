"""Region paths to names, without a query per row."""

from practices.models import Region
from practices.models.reference import path_pks


def region_names(paths):
    """{path: [Regions from the province down]} for many region paths, in one
    query; each Region has its name and pinyin name only."""
    paths = set(paths)
    pks = {pk for path in paths for pk in path_pks(path)}
    found = Region.objects.filter(pk__in=pks).only("pk", "name", "name_en").in_bulk()
    return {path: [found[pk] for pk in path_pks(path) if pk in found] for path in paths}


def region_trail(region):
    """The region and its ancestors, from the province down."""
    return region.ancestors(include_self=True)
