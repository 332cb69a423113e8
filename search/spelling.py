"""„Meinten Sie …“ on the database backends. The engines suggest from their own term index; the
database has none, so misspelt words are corrected towards OM's vocabulary: the words of the
public pages' titles, OM's synonyms, the directory's topics and industries and the transfer list's
topics. The vocabulary is built once and cached; publishing or unpublishing a page drops it."""

import os

from django.core.cache import cache
from wagtail.models import Page

from engine.german import WORD, synonym_lines

CACHE_KEY = "search:spelling-vocabulary"
CACHE_SECONDS = 600  # a renamed topic shows up within ten minutes; pages drop the cache at once


def _vocabulary_texts():
    from directory.search.text import vocabulary_names
    from transfer.models import TransferTopic

    yield from Page.objects.live().public().filter(depth__gt=1).values_list("title", flat=True)
    yield from synonym_lines()
    yield from vocabulary_names()
    yield from TransferTopic.objects.values_list("name", flat=True)


def build_vocabulary():
    """{lower-case word: the word as first written}, words of three letters or more."""
    words = {}
    for text in _vocabulary_texts():
        for word in WORD.findall(text):
            if len(word) >= 3 and not word.isdigit():
                words.setdefault(word.lower(), word)
    return words


def vocabulary():
    return cache.get_or_set(CACHE_KEY, build_vocabulary, CACHE_SECONDS)


MAX_CORRECTED_WORDS = 4


def forget_vocabulary(**kwargs):
    cache.delete(CACHE_KEY)


def edits(a, b, limit):
    """Levenshtein distance of a and b, or limit + 1 as soon as it must exceed `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, char in enumerate(a, start=1):
        current = [i]
        for j, other in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char != other)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def closest(word, words):
    """The vocabulary's nearest spelling of an unknown word, as the engines' AUTO fuzziness allows
    (nothing below four letters, one edit up to five letters, two beyond), or None. Among equally
    near words the one sharing the longer beginning wins (typos are rarer in the first letters)."""
    lower = word.lower()
    if len(lower) < 4 or lower in words or lower.isdigit():
        return None
    limit = 1 if len(lower) <= 5 else 2
    near = [(edits(lower, known, limit), known) for known in words]
    near = [(distance, known) for distance, known in near if distance <= limit]
    if not near:
        return None
    best = min(near, key=lambda pair: (pair[0], -len(os.path.commonprefix([lower, pair[1]])), pair[1]))[1]
    better = words[best]
    return better[:1].upper() + better[1:] if word[:1].isupper() else better


def suggestion(text, is_unknown):
    """The query with its misspelt words replaced ("" when nothing changed). `is_unknown(word)`
    says whether the site has the word at all (a correct word of a body text stays as typed)."""
    words = vocabulary()
    changed, result = False, []
    for position, word in enumerate(text.split()):
        letters = "".join(WORD.findall(word))
        # Each word is compared with the whole vocabulary: the first few are enough for a hint, and
        # a long query must not cost a core.
        checked = position < MAX_CORRECTED_WORDS and letters == word
        better = closest(letters, words) if checked else None
        if better and better != word and is_unknown(word):
            result.append(better)
            changed = True
        else:
            result.append(word)
    return " ".join(result) if changed else ""
