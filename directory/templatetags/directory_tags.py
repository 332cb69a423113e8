"""Wording helpers of the directory's templates, and the tag that renders what other apps contribute."""

from django import template
from django.utils.html import format_html_join
from django.utils.translation import ngettext

register = template.Library()


@register.filter
def beratende(count):
    """12 → "12 Beratende", 1 → "1 beratende Person" (German plural forms, via ngettext)."""
    return ngettext("%(count)s beratende Person", "%(count)s Beratende", count) % {"count": count}


@register.filter
def initials(name):
    """ "Anna Albers" → "AA": the placeholder of a result card without a photo."""
    words = [word for word in name.split() if word[:1].isalpha()]
    return "".join(word[0] for word in (words[:1] + words[1:][-1:])).upper()


CHECKBOX = (
    '<div class="checkbox"><input type="checkbox" name="{0}" value="{1}" id="f-{0}-{2}"{3}>'
    '<label for="f-{0}-{2}">{4} <span class="count">({5})</span></label></div>\n'
)


@register.simple_tag
def facet_checkboxes(facet, values, first_number):
    """One check box per facet value, numbered from `first_number` for their ids. Built here: an
    include per value made the facets a third of the search page's rendering time."""
    rows = (
        (facet.key, value.value, number, " checked" if value.selected else "", value.label, value.count)
        for number, value in enumerate(values, first_number)
    )
    return format_html_join("", CHECKBOX, rows)


class ContributedNode(template.Node):
    def __init__(self, sections):
        self.sections = sections

    def render(self, context):
        parts = []
        for name, variables in self.sections.resolve(context):
            with context.push(**variables):  # as {% include name with ... %} does
                parts.append(context.template.engine.get_template(name).render(context))
        return "".join(parts)


@register.tag
def contributed(parser, token):
    """{% contributed sections %}: what other apps contribute to this page (directory.contributions),
    each (template, variables) rendered with the page's variables plus its own, one after the other."""
    try:
        _, sections = token.split_contents()
    except ValueError:
        raise template.TemplateSyntaxError("{% contributed %} takes one argument: the sections") from None
    return ContributedNode(parser.compile_filter(sections))
