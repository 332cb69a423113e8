"""Typo tolerance for the directory's database implementation: OM's own words (topics,
industries, synonyms) are the vocabulary that misspelt query words are corrected to."""

import difflib
from collections.abc import Collection

from directory.models import ConsultingTopic, Industry
from engine import german


def vocabulary_names() -> list[str]:
    """The directory's own words: the names of its topics and industries (also part of the site
    search's "Meinten Sie" vocabulary)."""
    return [*ConsultingTopic.objects.values_list("name", flat=True), *Industry.objects.values_list("name", flat=True)]


def closest_known(stem: str, known: Collection[str]) -> str | None:
    """A near spelling from `known` stems (typo tolerance like the engine's AUTO fuzziness:
    none below 3 letters, one edit up to 5, two beyond)."""
    if len(stem) < 3 or stem in known:
        return None
    cutoff = 0.8 if len(stem) <= 5 else 0.75
    matches = difflib.get_close_matches(stem, known, n=1, cutoff=cutoff)
    return matches[0] if matches else None


def query_groups(text: str, known: Collection[str] = frozenset()) -> list[list[tuple[str, ...]]]:
    """The query as AND-groups of OR-alternatives (engine.german.query_groups), misspelt words
    with their nearest known stem as an alternative."""
    return german.query_groups(text, lambda word: closest_known(word, known))
