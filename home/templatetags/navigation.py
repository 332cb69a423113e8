from django import template
from wagtail.models import Page, Site

register = template.Library()


@register.inclusion_tag("includes/main_navigation.html", takes_context=True)
def main_navigation(context):
    """Top-level pages marked "in menus" below the site root."""
    request = context["request"]
    site = Site.find_for_request(request)
    # Top-level pages sit directly below the site root, so "public" means "no restriction of its
    # own" (a restricted root would make the whole site private): one query instead of .public()'s two.
    items = site.root_page.get_children().live().in_menu().filter(view_restrictions__isnull=True) if site else []
    current = context.get("page")
    current_path = current.url_path if current else ""
    return {"items": [(item, current_path.startswith(item.url_path)) for item in items], "request": request}


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    page = context.get("page")
    if page is None or page.depth <= 2:
        return {"ancestors": []}
    return {"ancestors": page.get_ancestors().filter(depth__gte=2), "page": page, "request": context["request"]}


@register.simple_tag
def page_description(page):
    """The text for meta description and OpenGraph: SEO field first, then the page's own summary."""
    for field in ("search_description", "teaser", "intro"):
        value = getattr(page, field, "")
        if value:
            return value
    return ""


@register.inclusion_tag("includes/footer_navigation.html", takes_context=True)
def footer_navigation(context):
    """The site's sections and their pages shown in menus, so that every section page (the decision
    register among them) is one click from any page."""
    site = Site.find_for_request(context["request"])
    if not site:
        return {"sections": []}
    root = site.root_page
    pages = (
        Page.objects.live()
        .public()
        .in_menu()
        .filter(path__startswith=root.path, depth__in=(root.depth + 1, root.depth + 2))
        .order_by("path")
        .specific(defer=True)
    )
    sections = []
    for page in pages:
        if page.depth == root.depth + 1:
            sections.append((page, []))
        elif sections and page.path.startswith(sections[-1][0].path):
            sections[-1][1].append(page)
    return {"sections": sections}
