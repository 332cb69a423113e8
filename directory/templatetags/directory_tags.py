"""Wording helpers of the directory's templates."""

from django import template
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
