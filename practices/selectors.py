"""Read queries shared by the public views, exports and commands."""

from .models import Practice, Region, Theme


def library_overview():
    """Counts and the newest published practices, for the home page."""
    published = Practice.objects.published()
    return {
        "practice_count": published.count(),
        "region_count": Region.objects.filter(practices__in=published)
        .distinct()
        .count(),
        "theme_count": Theme.objects.count(),
        "newest": published.select_related("region").order_by("-created_at", "-pk")[:6],
    }
