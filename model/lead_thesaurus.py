"""Leads the model does not know from the corpus: a synonym from the lead thesaurus ("Harking back"
-> recall) gives its family as a feature, and a misspelt lead word ("Recalilng": one letter added,
dropped, changed, or two swapped) is read as the known word it misspells.

The file (``lead_thesaurus.json``, built by ``resolute.training.thesaurus``) holds ``words``, lead
words and phrases of no known lead -> family, and ``lead_words``, the words that open known leads.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path

from resolute.model.labels import MODIFIERS

THESAURUS_FILE = "lead_thesaurus.json"  # its name in a model folder
LEAD_WORDS = 3  # the longest lead phrase looked up ("calls to mind")
MIN_MISSPELT = 5  # shorter words are too close to others to be read as misspellings
FAMILIAR_LENGTH = 4  # shorter words are not taken for a misspelt lead word ("aim" for "aims")


def lead_index(tokens: Sequence[str], start: int = 0, end: int | None = None) -> int | None:
    """The position of the lead word in ``tokens[start:end]``: the first of its first four tokens that
    is not a sequence or strength word ("Also further recalls" -> 2), or None."""
    stop = min(len(tokens) if end is None else end, start + 4)
    return next((i for i in range(start, stop) if tokens[i] not in MODIFIERS), None)


def lead_phrase(tokens: Sequence[str]) -> list[str]:
    """The first ``LEAD_WORDS`` words after the sequence and strength words ("Also bears in mind that")."""
    start = lead_index(tokens)
    start = min(len(tokens), 4) if start is None else start
    return list(tokens[start : start + LEAD_WORDS])


def _forms(word: str) -> set[str]:
    """``word`` and the words made by deleting one of its letters: two words one edit apart (a letter
    added, dropped, changed, or two swapped) share one of their forms."""
    return {word, *(word[:i] + word[i + 1 :] for i in range(len(word)))}


class FamiliarWords:
    """A set of words that also holds every word one edit from one of them, even one that is not read
    as that word (too short, or near two): "Encouarges", "Nots"."""

    def __init__(self, words: Collection[str]) -> None:
        self.words = frozenset(words)
        self._near = set().union(*(_forms(word) for word in self.words)) if self.words else set()

    def __contains__(self, word: object) -> bool:
        if word in self.words:
            return True
        if not isinstance(word, str) or len(word) < FAMILIAR_LENGTH:
            return False
        return any(form in self._near for form in _forms(word))


class LeadThesaurus:
    """Lookups for leads the model does not know: their family, or the known word they misspell."""

    def __init__(self, words: Mapping[str, str], lead_words: Collection[str], english: Collection[str] = ()) -> None:
        """``english``: words that are never read as misspellings (they are words of their own)."""
        self.words = dict(words)
        self.lead_words = frozenset(lead_words)
        self.english = frozenset(english)
        # Symmetric deletions: two words one edit apart share a form with one letter deleted from each.
        index: dict[str, set[str]] = {}
        for word in self.lead_words:
            if len(word) >= MIN_MISSPELT:
                for form in _forms(word):
                    index.setdefault(form, set()).add(word)
        self._deleted = index
        self._first_words = {lead.split(" ")[0] for lead in self.words}

    @classmethod
    def load(cls, path: str | Path, english: Collection[str] = ()) -> LeadThesaurus:
        """Read a thesaurus file (``{"words": {...}, "lead_words": [...]}``)."""
        with open(path, encoding="utf-8") as stream:
            document = json.load(stream)
        return cls(document["words"], document.get("lead_words", ()), english)

    def synonym_family(self, phrase: Sequence[str]) -> str | None:
        """The family of the longest start of the lead phrase that the thesaurus lists."""
        for n in range(len(phrase), 0, -1):
            family = self.words.get(" ".join(phrase[:n]))
            if family is not None:
                return family
        return None

    def correction(self, word: str) -> str | None:
        """The one known lead word that ``word`` is one edit away from, when ``word`` is no word of its
        own (a lead word, a thesaurus word or an English word) and is long enough to tell."""
        if len(word) < MIN_MISSPELT or word in self.lead_words or word in self._first_words or word in self.english:
            return None
        found: set[str] = set()
        for form in _forms(word):
            found |= self._deleted.get(form, set())
        return found.pop() if len(found) == 1 else None

    def familiar_words(self, more: Collection[str] = ()) -> FamiliarWords:
        """The known lead words, the long sequence and strength words ("Deeeply" is one edit from
        "deeply") and ``more``, with the words one edit from them."""
        return FamiliarWords(self.lead_words | {word for word in MODIFIERS if len(word) >= MIN_MISSPELT} | set(more))

    def silent(self, word: str) -> bool:
        """True when no lead phrase that opens with ``word`` gets a feature (most known leads)."""
        return word not in self._first_words

    def features(self, phrase: Sequence[str]) -> list[str]:
        """``t:family`` when the thesaurus lists the lead phrase (``lead_phrase``), else nothing."""
        family = self.synonym_family(phrase) if phrase else None
        return [f"t:{family}"] if family is not None else []
