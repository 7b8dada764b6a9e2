"""sitemap.xml: the public pages search engines should find — published practices,
the sources they cite, and the list pages."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from practices.models import Actor, Practice, SourceDocument


class PracticeSitemap(Sitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return Practice.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, practice):
        return practice.updated_at


class SourceSitemap(Sitemap):
    changefreq = "yearly"
    limit = 5000

    def items(self):
        published = Practice.objects.published()
        return (
            SourceDocument.objects.filter(practices__in=published)
            .distinct()
            .only("slug")
            .order_by("slug")
        )

    def location(self, source):
        return reverse("browse:source", args=[source.slug])


class ListSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return ["browse:home", "browse:browse", "browse:regions", "browse:themes"]

    def location(self, name):
        return reverse(name)


class ActorSitemap(Sitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        published = Practice.objects.published()
        return (
            Actor.objects.filter(involvements__practice__in=published)
            .distinct()
            .only("pk")
            .order_by("pk")
        )


SITEMAPS = {
    "pages": ListSitemap,
    "practices": PracticeSitemap,
    "sources": SourceSitemap,
    "actors": ActorSitemap,
}
