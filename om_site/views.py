from django.http import HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from core.public_url import absolute_url


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    """Crawlers may index the public site, never the admin or the members' login flow."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /konto/",
        "Disallow: /mein-profil/",
        "Disallow: /_util/",
        f"Sitemap: {absolute_url('sitemap')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
