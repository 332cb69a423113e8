"""The site's one public base URL and the absolute links built from it.

Mails sent by a daily job, the sitemap, iCal UIDs and the Wagtail Site record (which gives
page.full_url, canonical and og:url) must all name the address the public uses, not whatever
host a request or a job happened to run on. The one source is the setting WAGTAILADMIN_BASE_URL,
read from the environment variable of the same name: Wagtail reads that setting itself (links in
its admin mails), so a second name could only disagree with it.
"""

import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse

logger = logging.getLogger(__name__)


def base_url() -> str:
    """ "https://www.example.org" (no trailing slash)."""
    base: str = settings.WAGTAILADMIN_BASE_URL
    return base.rstrip("/")


def public_host() -> str | None:
    """The host name of the base URL, e.g. for iCal UIDs (unique per installation)."""
    return urlsplit(base_url()).hostname


def absolute_url(path_or_url_name: str, *args: object) -> str:
    """A path ("/mein-profil/") or a URL name with its arguments as an absolute URL on the base
    URL. A URL that already is absolute stays as it is (e.g. a page of another Wagtail site)."""
    if "://" in path_or_url_name:
        return path_or_url_name
    path = path_or_url_name if path_or_url_name.startswith("/") else reverse(path_or_url_name, args=args)
    return base_url() + path


def site_address() -> tuple[str | None, int]:
    """(hostname, port) of the base URL as Wagtail's Site record wants them."""
    parts = urlsplit(base_url())
    return parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)


def sync_default_site(using: str = "default", **kwargs: object) -> None:
    """After every migrate (so on every deploy): the default Wagtail Site takes the base URL's host
    and port, which is where page.full_url, canonical, og:url and the sitemap get theirs from.
    Wagtail writes https only for port 443: https on another port (a local TLS test) comes out as
    http://host:port in page URLs."""
    from wagtail.models import Site

    site = Site.objects.using(using).filter(is_default_site=True).first()
    if site is None:  # a fresh database before any content: load_demo_content or the editors create it
        return
    hostname, port = site_address()
    if (site.hostname, site.port) != (hostname, port):
        logger.info("Default site %s:%s now %s:%s (WAGTAILADMIN_BASE_URL)", site.hostname, site.port, hostname, port)
        site.hostname, site.port = hostname, port
        site.save(using=using, update_fields=["hostname", "port"])
