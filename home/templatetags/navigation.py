"""The frame's tags: main navigation, breadcrumbs, the footer's sections and its legal links. Each is
served from the shared cache (home.frame) and rendered from the database only after a change."""

import functools
import hashlib

from django import template
from django.template.loader import get_template, render_to_string
from wagtail.models import Page, Site

from home.frame import Frame
from home.models import FooterSettings

register = template.Library()


TEMPLATES = {
    "main": "includes/main_navigation.html",
    "breadcrumbs": "includes/breadcrumb_links.html",
    "footer": "includes/footer_navigation.html",
    "legal": "includes/footer_links.html",
}


@functools.cache
def _templates_version():
    """Part of every key: app servers running another version of the frame's templates (during a
    deployment) neither read nor overwrite each other's entries."""
    sources = (get_template(name).template.source for name in TEMPLATES.values())
    return hashlib.sha256("\0".join(sources).encode()).hexdigest()[:12]


def _keys(request, page):
    """The cache keys of the frame's parts for this request (a part without key is empty here)."""
    site = Site.find_for_request(request)
    if site is None:
        return {}
    prefix = f"site-frame:{_templates_version()}:{site.pk}"
    # The main navigation marks the current section: the page's ancestor right below the site's root.
    root_path = site.root_page.path
    section = page.path[: len(root_path) + Page.steplen] if page and page.path.startswith(root_path) else ""
    keys = {"main": f"{prefix}:main:{section}", "footer": f"{prefix}:footer", "legal": f"{prefix}:legal"}
    if page is not None and page.depth > 2:
        keys["breadcrumbs"] = f"{prefix}:breadcrumbs:{page.pk}"
    return keys


def _part(context, name, make_context):
    request = context.get("request")
    if request is None:
        return ""
    page = context.get("page") if isinstance(context.get("page"), Page) else None
    keys = getattr(request, "_site_frame_keys", None)
    if keys is None:  # the same for every part of one request
        keys = request._site_frame_keys = _keys(request, page)
    if name not in keys:
        return ""

    def render():
        return render_to_string(TEMPLATES[name], {**make_context(request, page), "request": request})

    if getattr(request, "is_preview", False):  # a draft's frame is never kept
        return render()
    return Frame.of(request, keys.values()).part(keys[name], render)


def _main_navigation(request, page):
    """Top-level pages marked "in menus" below the site root."""
    site = Site.find_for_request(request)
    # Top-level pages sit directly below the site root, so "public" means "no restriction of its
    # own" (a restricted root would make the whole site private): one query instead of .public()'s two.
    items = site.root_page.get_children().live().in_menu().filter(view_restrictions__isnull=True)
    current_path = page.path if page else ""
    return {"items": [(item, current_path.startswith(item.path)) for item in items]}


@register.simple_tag(takes_context=True)
def main_navigation(context):
    return _part(context, "main", _main_navigation)


def _ancestors(request, page):
    return {"ancestors": page.get_ancestors().filter(depth__gte=2)}


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    """The links to the page's ancestors come from the frame; the page's own title (a draft's in a
    preview) is added afresh."""
    links = _part(context, "breadcrumbs", _ancestors)
    return {"links": links, "page": context.get("page")}


def _footer_navigation(request, page):
    """The site's sections and their pages shown in menus, so that every section page (the decision
    register among them) is one click from any page."""
    root = Site.find_for_request(request).root_page
    pages = (
        Page.objects.live()
        .public()
        .in_menu()
        .filter(path__startswith=root.path, depth__in=(root.depth + 1, root.depth + 2))
        .order_by("path")
        .specific(defer=True)
    )
    sections = []
    for item in pages:
        if item.depth == root.depth + 1:
            sections.append((item, []))
        elif sections and item.path.startswith(sections[-1][0].path):
            sections[-1][1].append(item)
    return {"sections": sections}


@register.simple_tag(takes_context=True)
def footer_navigation(context):
    return _part(context, "footer", _footer_navigation)


def _footer_links(request, page):
    """The footer settings' text and legal links (Impressum, Datenschutz, Barrierefreiheit)."""
    return {"footer": FooterSettings.for_request(request)}


@register.simple_tag(takes_context=True)
def footer_links(context):
    return _part(context, "legal", _footer_links)


@register.simple_tag
def page_description(page):
    """The text for meta description and OpenGraph: SEO field first, then the page's own summary."""
    for field in ("search_description", "teaser", "intro"):
        value = getattr(page, field, "")
        if value:
            return value
    return ""
