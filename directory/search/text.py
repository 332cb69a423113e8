"""German text handling for the database implementation: lower case, Snowball stemming (which
also folds Müller/Mueller to one stem), the synonym list, and typo tolerance for OM's own words."""

import difflib
import re
import unicodedata
from functools import cache
from pathlib import Path

import snowballstemmer

SYNONYMS_FILE = Path(__file__).with_name("synonyms.txt")
WORD = re.compile(r"\w+", re.UNICODE)
_stemmer = snowballstemmer.stemmer("german")


def _ascii(token):
    """Other accents (é, ç) go after stemming; German umlauts are the stemmer's business."""
    return unicodedata.normalize("NFKD", token).encode("ascii", "ignore").decode() or token


def stems(text):
    """The stems of all words in `text`, in order."""
    return [_ascii(_stemmer.stemWord(word)) for word in WORD.findall(text.lower())]


@cache
def synonym_groups():
    """Each group as a tuple of phrases, each phrase as a tuple of stems."""
    groups = []
    for line in SYNONYMS_FILE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            groups.append(tuple(tuple(stems(phrase)) for phrase in line.split(",")))
    return groups


def synonym_lines():
    """The raw lines, for the engine's synonym filter."""
    return [
        line.strip()
        for line in SYNONYMS_FILE.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]


def closest_known(stem, known):
    """A near spelling from `known` stems (typo tolerance like the engine's AUTO fuzziness:
    none below 3 letters, one edit up to 5, two beyond)."""
    if len(stem) < 3 or stem in known:
        return None
    cutoff = 0.8 if len(stem) <= 5 else 0.75
    matches = difflib.get_close_matches(stem, known, n=1, cutoff=cutoff)
    return matches[0] if matches else None


def query_groups(text, known=frozenset()):
    """The query as AND-groups of OR-alternatives, each alternative a phrase of stems.
    Synonym phrases in the query become one group with all their variants."""
    words = stems(text)
    groups, i = [], 0
    while i < len(words):
        for group in synonym_groups():
            phrase = next((p for p in group if tuple(words[i : i + len(p)]) == p), None)
            if phrase:
                groups.append(list(group))
                i += len(phrase)
                break
        else:
            word = words[i]
            alternatives = [(word,)]
            near = closest_known(word, known)
            if near:
                alternatives.append((near,))
            groups.append(alternatives)
            i += 1
    return groups
