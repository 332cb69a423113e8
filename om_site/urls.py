from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps import Sitemap as PageSitemap
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from core import media
from core.pages_api import partner_pages_router
from core.staff_mfa import second_factor
from directory.api import api as partner_api
from directory.sitemaps import AdvisorSitemap
from event_calendar.models import EventPage
from news.models import NewsArticlePage
from om_site.health import healthz
from om_site.views import robots_txt
from products.models import ProductPage
from ratings import urls as ratings_urls

# What partner websites republish through Wagtail's API v2.
pages_api = partner_pages_router(NewsArticlePage, EventPage, ProductPage)

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("sitemap.xml", sitemap, {"sitemaps": {"seiten": PageSitemap, "berater": AdvisorSitemap}}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("admin/", include(wagtailadmin_urls)),
    path("dokumente/", include(wagtaildocs_urls)),
    path("api/v1/", partner_api.urls),
    path("api/v2/", pages_api.urls),
    path("berater/", include("directory.urls")),
    path("suche/", include("search.urls")),
    path("konto/zweiter-faktor/", second_factor, name="staff_second_factor"),
    path("konto/", include("allauth.urls")),
    path("mein-profil/bewertungen/", include(ratings_urls.self_urlpatterns)),
    path("mein-profil/", include("directory.selfservice.urls")),
    path("bewertung/", include("ratings.urls")),
]

# Public images (renditions) only, in every environment; nothing else under MEDIA_ROOT has a URL
# (core/media.py says why).
urlpatterns += [path(f"{settings.MEDIA_URL.strip('/')}/images/<str:name>", media.rendition, name="media_rendition")]

# Wagtail's page serving last: it matches every remaining path.
urlpatterns += [path("", include(wagtail_urls))]
