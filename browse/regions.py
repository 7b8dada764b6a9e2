"""Region paths to names, without a query per row."""

from practices.models import Region


def region_names(paths):
    """{path: [names from the province down]} for many region paths, in one query."""
    return Region.objects.names_by_path(paths)


def region_trail(region):
    """The region and its ancestors, from the province down."""
    return region.ancestors(include_self=True)
