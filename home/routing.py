"""Remembered routes: which page a site's path leads to, kept in each app server's memory for the
site structure's generation (home.frame), so that a page read costs one query for the page instead
of one for the site, two per tree level and two for the view restrictions.

Only what Wagtail's own routing found is remembered, and only a page's own path (a routable page's
sub-routes, such as a feed, are routed as before) of a page that no view restriction covers: a
restricted page is checked on every request.
A new generation — any page, site or restriction change, on every app server through the shared
cache — forgets everything. A route found while the generation changed is kept under the
generation read before it, which is outdated by then.
"""

from django.contrib.contenttypes.models import ContentType
from django.http.request import split_domain_port
from wagtail.models import PageViewRestriction, Site

from home import frame

MAX_ROUTES = 20_000  # per process; more distinct page paths than that are read the slow way


class RememberedRoutes:
    def __init__(self, get_response):
        self.get_response = get_response
        self.generation = None
        self.site_root_paths = None
        self.routes = {}  # (hostname, port, path) -> (site, page id, content type id)

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 200:
            self._remember(request)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.resolver_match.url_name != "wagtail_serve" or request.method not in ("GET", "HEAD"):
            return None
        generation = request._site_frame_generation = frame.current_generation()
        if generation != self.generation:
            self.generation, self.site_root_paths, self.routes = generation, None, {}
        if generation is None:
            return None
        key = (split_domain_port(request._get_raw_host())[0], request.get_port(), request.path_info)
        remembered = self.routes.get(key)
        if remembered is None:
            request._remember_route_as = (generation, key)
            return None
        site, page_id, content_type_id = remembered
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        page = model.objects.filter(pk=page_id).first()
        if page is None:
            return None
        page.get_view_restrictions = PageViewRestriction.objects.none  # none covers it: checked when remembered
        request._wagtail_site = site
        request._wagtail_route_for_request = page.route(request, [])  # a routable page's own view
        if self.site_root_paths is not None:
            request._wagtail_cached_site_root_paths = self.site_root_paths
        return None

    def _remember(self, request):
        generation, key = getattr(request, "_remember_route_as", (None, None))
        route = getattr(request, "_wagtail_route_for_request", None)
        if generation != self.generation or route is None or len(self.routes) >= MAX_ROUTES:
            return
        page = route[0]
        if page.get_url(request) != request.path or page.get_view_restrictions().exists():
            return  # a routable page's sub-route (its own path is remembered), or a restricted page
        self.routes[key] = (Site.find_for_request(request), page.pk, page.content_type_id)
        if hasattr(request, "_wagtail_cached_site_root_paths"):
            self.site_root_paths = request._wagtail_cached_site_root_paths
