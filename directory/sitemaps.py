"""The published profiles in sitemap.xml (beside Wagtail's pages), with the date of their last
change, on the configured public base URL whatever host the request came in on."""

from urllib.parse import urlsplit

from django.contrib.sitemaps import Sitemap

from core.public_url import base_url
from directory.models import Advisor


class AdvisorSitemap(Sitemap):
    def items(self):
        return Advisor.objects.published().only("slug", "updated_at").order_by("name", "pk")

    def location(self, advisor):
        return advisor.get_absolute_url()

    def lastmod(self, advisor):
        return advisor.updated_at

    def get_protocol(self, protocol=None):
        return urlsplit(base_url()).scheme

    def get_domain(self, site=None):
        return urlsplit(base_url()).netloc
