"""German words for the searches: lower case, Snowball stems (which also fold Müller/Mueller
and Prüfung/Pruefung to one stem), other accents dropped; OM's synonym list for both the
engines' synonym filters and the database searches' query expansion; the engines' German
analysis (light stemmer, OM's synonyms at search time), shared by the advisor index and the
Wagtail page and document indices."""

import re
import unicodedata
from collections.abc import Callable, Iterator
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import snowballstemmer

SYNONYMS_FILE = Path(__file__).with_name("synonyms.txt")
WORD = re.compile(r"\w+", re.UNICODE)
_stemmer = snowballstemmer.stemmer("german")
Phrase = tuple[str, ...]  # a phrase as its stems


def _ascii(token: str) -> str:
    """Other accents (é, ç) go after stemming; German umlauts are the stemmer's business."""
    return unicodedata.normalize("NFKD", token).encode("ascii", "ignore").decode() or token


@lru_cache(maxsize=100_000)  # Snowball in pure Python is slow; texts repeat their words
def stem(word: str) -> str:
    return _ascii(_stemmer.stemWord(word.lower()))


def stems(text: str) -> list[str]:
    """The stems of all words in `text`, in order."""
    return [stem(word) for word in WORD.findall(text.lower())]


def synonym_lines() -> list[str]:
    """The raw lines, for the engines' synonym filters."""
    return [
        line.strip()
        for line in SYNONYMS_FILE.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]


GERMAN_STEMMER = {"type": "stemmer", "language": "light_german"}


def synonym_filter() -> dict[str, str | list[str]]:
    """The engines' token filter with OM's synonyms (applied at search time)."""
    return {"type": "synonym_graph", "synonyms": synonym_lines()}


GERMAN_FILTERS = ["lowercase", "german_normalization", "om_german_stemmer"]


# Replicas of every index: one wherever the cluster has a second node, none on a single node
# (which would otherwise stay yellow with a replica it cannot place).
REPLICAS = "0-1"


def index_settings() -> dict[str, Any]:
    """Engine index settings that make German the default analysis of every text field without an
    analyzer of its own (the Wagtail backends' page and document indices), with REPLICAS."""
    return {
        "settings": {
            "index": {"auto_expand_replicas": REPLICAS},
            "analysis": {
                "filter": {"om_german_stemmer": dict(GERMAN_STEMMER), "om_synonyms": synonym_filter()},
                "analyzer": {
                    "default": {"type": "custom", "tokenizer": "standard", "filter": GERMAN_FILTERS},
                    "default_search": {
                        "type": "custom",
                        "tokenizer": "standard",
                        "filter": ["lowercase", "om_synonyms", *GERMAN_FILTERS[1:]],
                    },
                },
            },
        }
    }


def _synonym_phrases() -> Iterator[tuple[list[str], list[str]]]:
    """(triggers, variants) per line as written. "a, b, c": any of them finds all of them;
    "a => b, c" (one direction, the engines' syntax): a finds b and c, but b does not find a."""
    for line in synonym_lines():
        left, arrow, right = line.partition("=>")
        variants = [phrase.strip() for phrase in (right if arrow else left).split(",")]
        yield ([phrase.strip() for phrase in left.split(",")] if arrow else variants), variants


@cache
def synonym_groups() -> list[tuple[tuple[Phrase, ...], tuple[Phrase, ...]]]:
    """(triggers, variants) per line, each a tuple of phrases, each phrase a tuple of stems."""
    return [
        (tuple(tuple(stems(p)) for p in triggers), tuple(tuple(stems(p)) for p in variants))
        for triggers, variants in _synonym_phrases()
    ]


@cache
def _surface_variants() -> dict[Phrase, tuple[str, ...]]:
    """{trigger phrase as stems: the variants as written}, for backends that stem by themselves."""
    return {tuple(stems(t)): tuple(variants) for triggers, variants in _synonym_phrases() for t in triggers}


def surface_groups(text: str) -> list[list[str]]:
    """The query's words as groups of written alternatives (a word, or a synonym group's phrases)."""
    words = WORD.findall(text)
    keys = [stem(word) for word in words]
    groups, i = [], 0
    while i < len(words):
        for length in (3, 2, 1):
            variants = _surface_variants().get(tuple(keys[i : i + length]))
            if variants and i + length <= len(words):
                groups.append(list(variants))
                i += length
                break
        else:
            groups.append([words[i]])
            i += 1
    return groups


def query_groups(text: str, alternative: Callable[[str], str | None] = lambda word: None) -> list[list[Phrase]]:
    """The query as AND-groups of OR-alternatives, each alternative a phrase of stems. Synonym
    phrases in the query become one group with all their variants; `alternative` may add one
    more spelling for a single word (the directory's typo tolerance)."""
    words = stems(text)
    groups, i = [], 0
    while i < len(words):
        for triggers, variants in synonym_groups():
            phrase = next((p for p in triggers if tuple(words[i : i + len(p)]) == p), None)
            if phrase:
                groups.append(list(variants))
                i += len(phrase)
                break
        else:
            word = words[i]
            near = alternative(word)
            groups.append([(word,), (near,)] if near else [(word,)])
            i += 1
    return groups
