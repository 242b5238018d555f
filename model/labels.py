"""The label contract: sections, families and intents of ``labels.json``, and lead lookup.

``model/labels.json`` is a checked-in copy of ``shared/spec/labels.json`` (a test keeps them equal).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

# Sequence and strength words do not change the family (labels.json, family_rules).
MODIFIERS = frozenset(
    "also further once again strongly deeply gravely firmly fully moreover furthermore likewise "
    "similarly equally again its their his her the deep grave serious profound great sincere full "
    "strong particularly especially in addition additionally and".split()
)
_WORD = re.compile(r"[a-z]+(?:-[a-z]+)*")


def lead_key(lead: str) -> tuple[str, ...]:
    """Normalise a lead to lower-case words without sequence and strength words."""
    return tuple(w for w in _WORD.findall(lead.lower()) if w not in MODIFIERS)


def verb_stem(word: str) -> str:
    """A crude stem that joins the forms of one verb: recalling, recalls, recalled -> recall."""
    word = word.lower()
    for suffix, repl in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: len(word) - len(suffix)] + repl
            break
    return word.rstrip("e")


@dataclass(frozen=True)
class LabelSet:
    """The families, intents and standard lead forms of one ``labels.json``."""

    version: int
    sections: tuple[str, ...]
    families: tuple[str, ...]
    intents: tuple[str, ...]
    forms: dict[str, dict[str, tuple[str, ...]]]  # family -> section -> standard forms
    _table: dict[tuple[str, ...], str] = field(init=False, repr=False, compare=False)
    _stems: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        table: dict[tuple[str, ...], str] = {}
        for family, by_section in self.forms.items():
            for phrases in by_section.values():
                for phrase in phrases:
                    table.setdefault(lead_key(phrase), family)
        seen: dict[str, set[str]] = {}
        for key, family in table.items():
            seen.setdefault(verb_stem(key[0]), set()).add(family)
        object.__setattr__(self, "_table", table)
        object.__setattr__(self, "_stems", {s: next(iter(f)) for s, f in seen.items() if len(f) == 1})

    @classmethod
    def from_dict(cls, spec: dict) -> LabelSet:
        """Build a label set from the parsed JSON of ``labels.json``."""
        forms = {
            family: {section: tuple(phrases) for section, phrases in by_section.items()}
            for family, by_section in spec["families"].items()
        }
        return cls(
            version=int(spec["version"]),
            sections=tuple(spec["sections"]),
            families=tuple(spec["families"]),
            intents=tuple(spec["intents"]),
            forms=forms,
        )

    def standard_forms(self, family: str, section: str) -> tuple[str, ...]:
        """The standard leads of ``family`` for ``section``."""
        return self.forms.get(family, {}).get(section, ())

    def family_of_lead(self, lead: str) -> str | None:
        """The family of a lead by the standard forms: the longest form the lead starts with.

        Falls back on the stem of the lead's first verb when it belongs to a single family.
        Returns None when nothing matches (the rule baseline; the model reads the whole clause).
        """
        key = lead_key(lead)
        if not key:
            return None
        for size in range(len(key), 0, -1):
            family = self._table.get(key[:size])
            if family:
                return family
        return self._stems.get(verb_stem(key[0]))


@cache
def load_labels() -> LabelSet:
    """The label set that ships with resolute."""
    text = resources.files("resolute.model").joinpath("labels.json").read_text(encoding="utf-8")
    return LabelSet.from_dict(json.loads(text))
