"""Region paths to names, without a query per row."""

from practices.models import Region


def path_pks(path):
    return [int(segment) for segment in path.strip("/").split("/") if segment]


def region_names(paths):
    """{path: [names from the province down]} for many region paths, in one query."""
    paths = set(paths)
    pks = {pk for path in paths for pk in path_pks(path)}
    names = dict(Region.objects.filter(pk__in=pks).values_list("pk", "name"))
    return {path: [names[pk] for pk in path_pks(path) if pk in names] for path in paths}


def region_trail(region):
    """The region and its ancestors, from the province down."""
    return region.ancestors(include_self=True)
