from django import template

from core.json_ld import script

register = template.Library()


@register.simple_tag(takes_context=True)
def json_ld(context, page):
    """The page's schema.org description, for page types that have one (news, events)."""
    describe = getattr(page, "json_ld", None)
    return script(describe(context["request"])) if describe else ""
