"""sitemap.xml: the public pages search engines should find — published practices,
the sources they cite, and the list pages."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from practices.models import Actor, Practice, SourceDocument

SITEMAP_CACHE_SECONDS = 3600  # crawlers may read an hour-old list


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
        return SourceDocument.objects.public().order_by("slug").only("slug")

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
        return Actor.objects.public().order_by("pk")


SITEMAPS = {
    "pages": ListSitemap,
    "practices": PracticeSitemap,
    "sources": SourceSitemap,
    "actors": ActorSitemap,
}
