"""Remembered routes: which page a site's path leads to, kept in each app server's memory for the
site structure's generation (home.frame), so that a page read costs one query for the page instead
of one for the site and two per tree level.

Only what Wagtail's own routing found is remembered, and only a page's own path (a routable page's
sub-routes, such as a feed, are routed as before). What a remembered route leads to is still checked
on every request: Wagtail's `route` serves only a live page, and its view restrictions are asked as
always. A new generation — any page, site or restriction change, on every app server through the
shared cache — forgets everything; so does age (MAX_AGE), in case a new generation was lost to a
cache outage. A route found while the generation changed goes into the memory of the generation read
before it, which is outdated by then.

A remembered page's view restrictions are asked in one query instead of Wagtail's two (its ancestry
with their restrictions and aliases); wherever a restriction or an alias is found, Wagtail's own
check runs as before (so a restricted page costs three queries instead of two).
"""

import time
import types

from django.contrib.contenttypes.models import ContentType
from django.http.request import split_domain_port
from wagtail.models import Page, PageViewRestriction, Site

from home import frame

MAX_ROUTES = 20_000  # per process; more distinct page paths than that are read the slow way
MAX_AGE = frame.KEEP_SECONDS


def view_restrictions(page):
    """Wagtail's `page.get_view_restrictions()`, in one query for a page that neither it nor an ancestor
    restricts or aliases: the ancestry's restrictions and aliases read together. Otherwise (members'
    area, aliases) Wagtail's own method, which resolves aliases."""
    ancestry = [page.path[:end] for end in range(Page.steplen, len(page.path) + 1, Page.steplen)]
    found = Page.objects.filter(path__in=ancestry).values_list("alias_of_id", "view_restrictions")
    if any(alias or restriction for alias, restriction in found):
        return type(page).get_view_restrictions(page)
    return PageViewRestriction.objects.none()


class Remembered:
    """The routes of one generation: (hostname, port, path) -> (site, page id, content type id)."""

    def __init__(self, generation):
        self.generation = generation
        self.since = time.monotonic()
        self.routes = {}
        self.site_root_paths = None  # Wagtail's, for page URLs (a site or URL change draws a new generation)

    def outdated(self, generation):
        return generation != self.generation or time.monotonic() - self.since > MAX_AGE


class RememberedRoutes:
    def __init__(self, get_response):
        self.get_response = get_response
        self.remembered = Remembered(None)

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 200:
            self._remember(request)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.resolver_match.url_name != "wagtail_serve" or request.method not in ("GET", "HEAD"):
            return None
        generation = request._site_frame_generation = frame.current_generation()
        if generation is None:
            return None  # the shared cache is away: nothing to agree on
        remembered = self.remembered
        if remembered.outdated(generation):
            remembered = self.remembered = Remembered(generation)
        key = (split_domain_port(request._get_raw_host())[0], request.get_port(), request.path_info)
        route = remembered.routes.get(key)
        if route is None:
            request._remember_route_in = (remembered, key)  # this generation's memory, whatever comes later
            return None
        site, page_id, content_type_id = route
        page = ContentType.objects.get_for_id(content_type_id).model_class().objects.filter(pk=page_id).first()
        if page is not None:
            # Wagtail's serve hook asks page.get_view_restrictions(): answered for this instance.
            page.get_view_restrictions = types.MethodType(view_restrictions, page)  # this request's page object
            request._wagtail_site = site
            request._wagtail_route_for_request = page.route(request, [])  # 404 unless live; a routable page's own view
            if remembered.site_root_paths is not None:
                request._wagtail_cached_site_root_paths = remembered.site_root_paths
        return None

    def _remember(self, request):
        remembered, key = getattr(request, "_remember_route_in", (None, None))
        route = getattr(request, "_wagtail_route_for_request", None)
        if remembered is None or route is None or len(remembered.routes) >= MAX_ROUTES:
            return
        page = route[0]
        if page.get_url(request) == request.path:  # not a routable page's sub-route
            remembered.routes[key] = (Site.find_for_request(request), page.pk, page.content_type_id)
            remembered.site_root_paths = getattr(request, "_wagtail_cached_site_root_paths", None)
