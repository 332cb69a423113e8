"""The full-page cache in front of the app servers (Varnish, scripts/varnish/om-site.vcl): which
responses it may keep, and what a change throws out of it.

Only Wagtail's pages are kept, and only as anonymous visitors get them: a request with a session
or a flash message, a response that sets a cookie (a form's CSRF token, a login) or carries an
Authorization header is personal and marked `private, no-store`. The directory, the site search,
the APIs and the sitemap show data that changes outside Wagtail's publishing (advisors, the
index) and are not kept. Without FRONTEND_CACHE_URL nothing is marked shareable: a cache that
nobody purges would serve old pages.

A change is purged with one BAN request (a regular expression over the path) once its transaction
has committed (before, a request could fetch the old page again):
- a page published or unpublished: the page (its feeds), its ancestors (their lists), the pages it
  links to or that link to it (Wagtail's reference index: related products, meetings, news) and
  its descendants (their breadcrumbs name it);
- a page moved or deleted, a page in the menus or the footer's links, a page's privacy, the site, a
  redirect, a snippet, a site setting, an image or document: everything, since navigation, footer and
  lists on any page may show it.
A request that was being answered with the old page during the purge could put it back into the
cache: each purge is sent again a few seconds later. Time also changes pages ("upcoming events"):
SHARED_CACHE_SECONDS bounds that."""

import logging
import re
import threading
from collections.abc import Callable, Iterable
from typing import Any

import urllib3
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, PageViewRestriction, ReferenceIndex, Site

logger = logging.getLogger(__name__)

EVERYTHING = "^/"
SHAREABLE_STATUS = {200, 301, 404, 410}


def enabled() -> bool:
    return bool(settings.FRONTEND_CACHE_URL)


# --- What may be kept


def _personal(request: HttpRequest, response: HttpResponse) -> bool:
    return bool(
        response.cookies
        or settings.SESSION_COOKIE_NAME in request.COOKIES
        or CookieStorage.cookie_name in request.COOKIES
        or "HTTP_AUTHORIZATION" in request.META
    )


def _shareable(request: HttpRequest, response: HttpResponse) -> bool:
    match = request.resolver_match
    return (
        enabled()
        and request.method in ("GET", "HEAD")
        and response.status_code in SHAREABLE_STATUS
        and match is not None
        and match.url_name == "wagtail_serve"
    )


class CacheControl:
    """Marks Wagtail's anonymous pages `public, s-maxage` (the full-page cache keeps them, browsers
    ask again) and every personal response `private, no-store`; a view's own Cache-Control stays."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.has_header("Cache-Control"):
            return response
        if _personal(request, response):
            patch_cache_control(response, private=True, no_store=True)
        elif _shareable(request, response):
            patch_cache_control(response, public=True, max_age=0, s_maxage=settings.SHARED_CACHE_SECONDS)
        return response


# --- What a change throws out


# urllib3 (the engines' clients' own HTTP library) speaks http and https only: a FRONTEND_CACHE_URL
# cannot make it open a file or another scheme.
_http = urllib3.PoolManager(timeout=urllib3.Timeout(connect=2, read=5), retries=False)


def ban(pattern: str) -> None:
    """Asks the cache to drop every page whose path matches `pattern` (scripts/varnish/om-site.vcl);
    case-insensitive: a path's percent-encoding may come in either case."""
    url = settings.FRONTEND_CACHE_URL.rstrip("/") + "/"
    try:
        response = _http.request("BAN", url, headers={"X-Ban-Path": f"(?i){pattern}"})
        if response.status != 200:
            raise ValueError(f"HTTP {response.status}: {response.data[:200]!r}")
    except Exception as error:  # noqa: BLE001 - whatever the cache does, the edit itself stands
        # The page stays old until SHARED_CACHE_SECONDS have passed: logged.
        logger.error("frontend cache: could not purge %s: %s", pattern, error)


# A request that was already being answered with the old page when the purge came puts it back into
# the cache after the purge: the same purge again, this much later, takes it out.
REPEAT_AFTER_SECONDS = 3.0


def ban_on_commit(patterns: Iterable[str]) -> None:
    """Bans `patterns` once the transaction commits (all of one transaction's in one request), and
    again REPEAT_AFTER_SECONDS later."""
    if not enabled():
        return
    connection = transaction.get_connection()
    connection.__dict__.setdefault(PENDING, set()).update(patterns)
    transaction.on_commit(lambda: _ban_pending(connection), robust=True)


PENDING = "frontend_cache_bans"


def _ban_pending(connection: Any) -> None:
    patterns = connection.__dict__.pop(PENDING, set())  # the first callback of a commit bans them all
    if patterns:
        pattern = EVERYTHING if EVERYTHING in patterns else "|".join(sorted(patterns))
        ban(pattern)
        repeat = threading.Timer(REPEAT_AFTER_SECONDS, ban, args=[pattern])
        repeat.daemon = True
        repeat.start()


def _path(page: Page) -> str | None:
    parts = page.get_url_parts()
    return parts[2] if parts else None


def _own(page: Page) -> str | None:
    """The page and its own sub-paths (feeds, calendar files), with any query string."""
    path = _path(page)
    if path is None:
        return None
    subpaths = [p.strip("/") + "/" for p in page.specific_deferred.get_cached_paths() if p.strip("/")]
    optional = f"({'|'.join(map(re.escape, subpaths))})?" if subpaths else ""
    return f"^{re.escape(path)}{optional}([?]|$)"


PagesShowing = Callable[[Page], Iterable[Page]]
_showing: list[PagesShowing] = []


def register_pages_showing(pages_showing: PagesShowing) -> None:
    """For an app whose pages show other pages in ways the reference index does not record (lists by
    query, many-to-many links): `pages_showing(page)` gives its pages that show `page` (AppConfig.ready())."""
    _showing.append(pages_showing)


def _linked_ids(page: Page) -> set[int]:
    """Pages that show `page`: those that refer to it or that it refers to (Wagtail's reference
    index: each shows the other's title) and what the apps registered."""
    page_type = ContentType.objects.get_for_model(Page)
    referring = ReferenceIndex.get_references_to(page).filter(base_content_type=page_type)
    referred = ReferenceIndex.get_references_for_object(page).filter(to_content_type=page_type)
    ids = [*referring.values_list("object_id", flat=True), *referred.values_list("to_object_id", flat=True)]
    ids += [shown.pk for pages_showing in _showing for shown in pages_showing(page)]
    return {int(pk) for pk in ids} - {page.pk}


_everywhere: list[Callable[[Page], bool]] = []


def register_shown_everywhere(shown_everywhere: Callable[[Page], bool]) -> None:
    """For an app that names pages on every page (the footer's links): `shown_everywhere(page)`
    says whether it names `page` (AppConfig.ready())."""
    _everywhere.append(shown_everywhere)


def _named_site_wide(page: Page) -> bool:
    """Whether every page names `page`, or a snippet shown on pages refers to it."""
    if any(shown_everywhere(page) for shown_everywhere in _everywhere):
        return True
    page_type = ContentType.objects.get_for_model(Page)
    referring = ReferenceIndex.get_references_to(page).exclude(base_content_type=page_type)
    types = ContentType.objects.filter(pk__in=referring.values("content_type")).distinct()
    return any(_on_the_pages(kind.model_class()) for kind in types)


def page_patterns(page: Page) -> list[str]:
    before = getattr(page, BEFORE, None) or {"menu": False, "url_path": page.url_path, "linked": set()}
    if page.depth <= 2 or page.show_in_menus or before["menu"] or before["url_path"] != page.url_path:
        return [EVERYTHING]  # the menus and footer of every page name it, or its address changed
    if _named_site_wide(page):
        return [EVERYTHING]
    linked = Page.objects.filter(pk__in=_linked_ids(page) | before["linked"])
    patterns = [_own(p) for p in [page, *page.get_ancestors().filter(depth__gt=1), *linked]]
    if path := _path(page):
        patterns.append(f"^{re.escape(path)}")  # the descendants' breadcrumbs name it
    return [p for p in patterns if p]


BEFORE = "_frontend_cache_before"


def _remember_before(sender: type, instance: Any, **kwargs: Any) -> None:
    """A page's menu flag, address and links before this save: a change must purge where it was."""
    if not (enabled() and instance.pk) or hasattr(instance, BEFORE):
        return
    old = Page.objects.filter(pk=instance.pk).values("show_in_menus", "url_path").first()
    if old:
        setattr(
            instance,
            BEFORE,
            {"menu": old["show_in_menus"], "url_path": old["url_path"], "linked": _linked_ids(instance)},
        )


def _page_changed(instance: Page, **kwargs: Any) -> None:
    ban_on_commit(page_patterns(instance))
    if hasattr(instance, BEFORE):
        delattr(instance, BEFORE)


def _everything_changed(**kwargs: Any) -> None:
    ban_on_commit([EVERYTHING])


# The apps whose models can show on Wagtail's pages: only their models get the save and delete
# receivers (a delete receiver costs Django's fast bulk delete, e.g. of the directory's outbox rows).
# The directory's, the ratings' and the search's snippets show on the directory's pages, never kept.
PAGE_CONTENT_APPS = (
    "home",
    "news",
    "products",
    "committees",
    "event_calendar",
    "networks",
    "transfer",
    "wagtailimages",
    "wagtaildocs",
)


# A page's privacy (a page made private must leave the cache at once), the site, a redirect (its old
# address may be a kept 404).
ALWAYS_EVERYTHING = (PageViewRestriction, Site, Redirect)


def _on_the_pages(model: type | None) -> bool:
    """A snippet, site setting, image or document (the snippet registry is complete only after
    every app is ready: asked when a model changes)."""
    from wagtail.contrib.settings.registry import registry as site_settings
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.snippets.models import get_snippet_models

    return model in [*get_snippet_models(), *site_settings, get_image_model(), get_document_model()]


def _model_changed(sender: type, signal: Any, **kwargs: Any) -> None:
    """A deleted page, a page's privacy (a page made private must leave the cache at once), the site,
    or a saved or deleted snippet, site setting, image or document."""
    deleted_page = issubclass(sender, Page) and signal is post_delete
    if enabled() and (deleted_page or sender in ALWAYS_EVERYTHING or _on_the_pages(sender)):
        _everything_changed()


def connect_signals() -> None:
    """Called from CoreConfig.ready()."""
    from django.apps import apps
    from wagtail.signals import page_published, page_unpublished, post_page_move

    page_published.connect(_page_changed, dispatch_uid="frontend-cache-published")
    page_unpublished.connect(_page_changed, dispatch_uid="frontend-cache-unpublished")
    post_page_move.connect(_everything_changed, dispatch_uid="frontend-cache-moved")
    for model in apps.get_models():
        if issubclass(model, Page):
            pre_save.connect(_remember_before, sender=model, dispatch_uid=f"frontend-cache-before-{model._meta.label}")
        if issubclass(model, Page) or model in ALWAYS_EVERYTHING or model._meta.app_label in PAGE_CONTENT_APPS:
            for signal in (post_save, post_delete):
                signal.connect(_model_changed, sender=model, dispatch_uid=f"frontend-cache-{model._meta.label}")
