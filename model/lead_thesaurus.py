"""The family a clause's lead points to when the lead is not one the model knows from the corpus: a
synonym from the lead thesaurus ("Harking back" -> recall), or a misspelling of a known lead
("Recalilng" -> recall, one letter added, dropped, changed or two swapped).

The file (``lead_thesaurus.json``, built by ``resolute.training.thesaurus``) holds ``words``, lead
words and phrases of no known lead -> family, and ``known``, the known one-word leads -> family.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path

from resolute.model.labels import MODIFIERS

THESAURUS_FILE = "lead_thesaurus.json"  # its name in a model folder
LEAD_WORDS = 3  # the longest lead phrase looked up ("calls to mind")
MIN_MISSPELT = 5  # shorter words are too close to others to be read as misspellings


def lead_phrase(tokens: Sequence[str]) -> list[str]:
    """The first ``LEAD_WORDS`` words after the sequence and strength words ("Also bears in mind that")."""
    start = next((i for i, t in enumerate(tokens[:4]) if t not in MODIFIERS), min(len(tokens), 4))
    return list(tokens[start : start + LEAD_WORDS])


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


class LeadThesaurus:
    """Lookups of the family an unknown lead points to."""

    def __init__(self, words: Mapping[str, str], known: Mapping[str, str]) -> None:
        self.words = dict(words)
        self.known = dict(known)
        # Symmetric deletions: two words one edit apart share a form with one letter deleted from each.
        index: dict[str, set[str]] = {}
        for word, family in self.known.items():
            if len(word) >= MIN_MISSPELT:
                for form in _deletions(word) | {word}:
                    index.setdefault(form, set()).add(family)
        self._deleted = index
        self._first_words = {lead.split(" ")[0] for lead in self.words}

    @classmethod
    def load(cls, path: str | Path) -> LeadThesaurus:
        """Read a thesaurus file (``{"words": {...}, "known": {...}}``)."""
        with open(path, encoding="utf-8") as stream:
            document = json.load(stream)
        return cls(document["words"], document.get("known", {}))

    def synonym_family(self, phrase: Sequence[str]) -> str | None:
        """The family of the longest start of the lead phrase that the thesaurus lists."""
        for n in range(len(phrase), 0, -1):
            family = self.words.get(" ".join(phrase[:n]))
            if family is not None:
                return family
        return None

    def misspelt_family(self, word: str) -> str | None:
        """The family of the known leads one edit away from an unknown word, when they agree."""
        if len(word) < MIN_MISSPELT or word in self.known or word in self.words:
            return None
        families: set[str] = set()
        for form in _deletions(word) | {word}:
            families |= self._deleted.get(form, set())
        return families.pop() if len(families) == 1 else None

    def silent(self, word: str) -> bool:
        """True when no lead phrase that opens with ``word`` gets a feature (most known leads)."""
        return word not in self._first_words and self.misspelt_family(word) is None

    def features(self, phrase: Sequence[str]) -> list[str]:
        """For a lead phrase (``lead_phrase``): ``t:family`` when the thesaurus lists it, ``m:family`` when
        it opens with a misspelt known lead, or nothing."""
        if not phrase:
            return []
        family = self.synonym_family(phrase)
        if family is not None:
            return [f"t:{family}"]
        family = self.misspelt_family(phrase[0])
        return [f"m:{family}"] if family is not None else []
