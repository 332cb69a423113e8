"""Highlighted snippets for search results, the same on every backend: the passage of an object's
indexed text around the first word that matches the query (German stems and OM's synonyms, so
"Beschlüsse" marks "Beschluss"), each matching word in <mark>."""

import re
from collections import defaultdict

from django.db.models import prefetch_related_objects
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from modelsearch.index import RelatedFields, SearchField

from engine.german import query_groups, stem

WORD = re.compile(r"\w+", re.UNICODE)
LENGTH = 240
LEAD = 60  # characters shown before the first match
MAX_MATCHES = 50


def _values(obj, fields):
    for field in fields:
        if isinstance(field, RelatedFields):
            related = getattr(obj, field.field_name, None)
            if related is None:
                continue
            for item in related.all() if hasattr(related, "all") else [related]:
                yield from _values(item, field.fields)
        elif isinstance(field, SearchField) and field.field_name != "title":
            value = field.get_value(obj)
            for text in value if isinstance(value, list) else [value]:
                if text:
                    yield strip_tags(str(text))


def indexed_text(obj):
    """The object's searchable text without its title, as plain text (a field repeating another,
    like a teaser that is also the first paragraph, only once)."""
    values = dict.fromkeys(" ".join(value.split()) for value in _values(obj, obj.get_search_fields()))
    return " ".join(value for value in values if value)


def prefetch_indexed(objects):
    """Loads the related objects that indexed_text reads for many objects at once: a query per
    model and related field instead of one per object (a result page shows ten)."""
    by_model = defaultdict(list)
    for obj in objects:
        by_model[type(obj)].append(obj)
    for model, same in by_model.items():
        related = [field.field_name for field in model.get_search_fields() if isinstance(field, RelatedFields)]
        if related:
            prefetch_related_objects(same, *related)


def query_stems(query_text):
    return {word for group in query_groups(query_text) for phrase in group for word in phrase}


def _best_window(matches, length):
    """The match that starts the passage holding the most different query words."""

    def words_in_window(anchor):
        return len({stem(m.group()) for m in matches if anchor.start() <= m.start() < anchor.start() + length - LEAD})

    return max(matches, key=words_in_window)  # the first of equals: max keeps the earliest


def snippet(text, query_text, length=LENGTH):
    """An escaped passage of `text` with the query's words marked; the start of the text when no
    word matches there (the title matched)."""
    wanted = query_stems(query_text)
    matches = [m for m in WORD.finditer(text) if stem(m.group()) in wanted][:MAX_MATCHES]
    start = 0
    if matches:
        first = _best_window(matches, length)
        if first.start() > LEAD:
            start = text.rfind(" ", 0, first.start() - LEAD) + 1
    end = min(len(text), start + length)
    if end < len(text):
        end = text.rfind(" ", start, end) if text.rfind(" ", start, end) > start else end
    parts, position = [], start
    for match in matches:
        if match.start() < start or match.end() > end:
            continue
        parts += [escape(text[position : match.start()]), f"<mark>{escape(match.group())}</mark>"]
        position = match.end()
    parts.append(escape(text[position:end]))
    prefix = "… " if start else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + "".join(parts) + suffix)  # noqa: S308  # nosec B308 B703  # nosemgrep: om-mark-safe-on-computed-text - every piece is escaped above
