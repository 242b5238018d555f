"""Silver family labels: the family of a clause's opening words, by labels.json forms and our lead lexicon.

The opening words are the clause's lead and the few words after it ("Expressing" + "deep concern at"
-> concern, as labels.json's family_rules read a lead with its object). They are matched, longest first,
against the standard forms of labels.json and the phrases of ``data/lead_lexicon.json`` (our own
annotation of frequent corpus leads that labels.json does not list), at each length also by another
form of the phrase's first verb ("Notes with satisfaction" as "Noting with satisfaction"), then by the
verb stem rule of ``LabelSet.family_of_lead`` (stems of labels.json forms only: the lexicon's varied
first words would catch nouns such as "Committee"). A clause that nothing matches is ``other``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from resolute.model.labels import LabelSet, lead_key, load_labels, verb_stem
from resolute.training.corpus_sources import repo_root

OTHER = "other"
OPENING_EXTRA_WORDS = 5
# Intensity words that, like labels.MODIFIERS, do not change the family ("Expresses its very deep concern").
EXTRA_MODIFIERS = frozenset(
    "very most particular particularly continued continuing growing increasing renewed utmost "
    "gravest deepest seriously profoundly sincerely warmly greatest greatly extreme extremely "
    "ongoing urgent keen reinforced firm unequivocal unequivocally unwavering urgently while whilst still "
    "however accordingly positive due ever our".split()
)
# An item letter, a framing phrase ("In this regard,"), a declaration's "We" ("We are") and a
# continuation ("Continues to", "Remaining") before the phrase that tells the family.
_PREFIX = re.compile(
    r"^(?:\(\w{1,4}\)\s*)?(?:in\s+(?:this|that)\s+(?:regard|context|respect),?\s+)?"
    r"(?:we\s+(?:are\s+)?)?(?:(?:also|further|still)\s+)?"
    r"(?:(?:continues|continuing|continue|remains|remaining|remain|being)\s+(?:to\s+(?:be\s+)?)?)?",
    re.IGNORECASE,
)
_VERB_ENDINGS = ("", "e", "s", "es", "ed", "d", "ing", "ies", "y")
_RE_HYPHEN = re.compile(r"^re-(?=[a-z])")
_MODALS = frozenset("will shall may should must can".split())
_LEADING_JUNK = re.compile(r"^[^A-Za-z(]+")
# A framing phrase inside the opening ("Expressing, in this regard, its support"), read as absent.
_ASIDE = re.compile(r",?\s+in\s+(?:this|that)\s+(?:regard|context|respect),?|,\s+accordingly,", re.IGNORECASE)


def lexicon_path() -> Path:
    """The lead lexicon that ships in the repository's data folder."""
    return repo_root() / "data" / "lead_lexicon.json"


def load_lexicon(path: Path | None = None) -> dict[str, tuple[str, ...]]:
    """The lead lexicon: family -> phrases (``{"families": {"concern": ["Seriously concerned", ...]}}``)."""
    spec = json.loads((path or lexicon_path()).read_text(encoding="utf-8"))
    return {family: tuple(phrases) for family, phrases in spec["families"].items()}


def known_leads(labels: LabelSet, lexicon: dict[str, tuple[str, ...]]) -> list[tuple[str, str]]:
    """(family, phrase) of every lead that labels.json lists, then of every phrase of the lexicon."""
    pairs = [(family, p) for family, by_section in labels.forms.items() for forms in by_section.values() for p in forms]
    return pairs + [(family, p) for family, phrases in lexicon.items() for p in phrases]


def silver_key(phrase: str) -> tuple[str, ...]:
    """``lead_key`` of a phrase without the intensity words of EXTRA_MODIFIERS, "re-" joined to its
    verb ("Re-affirming" as "Reaffirming")."""
    return tuple(_RE_HYPHEN.sub("re", w, count=1) for w in lead_key(phrase) if w not in EXTRA_MODIFIERS)


def _stemmed(key: tuple[str, ...]) -> tuple[str, ...] | None:
    """The key with its first word cut to its verb stem, so that another form of a listed phrase
    matches it ("Note with concern" and "Notes with concern"); None when the first word is not a
    form of a verb (a noun such as "Committee", a modal such as "will")."""
    if not key or key[0] in _MODALS:
        return None
    stem = key[0] if key[0].endswith("ss") else verb_stem(key[0])  # "express", not "expres"
    if key[0] not in {stem + ending for ending in _VERB_ENDINGS}:
        return None
    return (stem, *key[1:])


def opening(lead: str | None, text: str, extra: int = OPENING_EXTRA_WORDS) -> str:
    """The clause's opening words: its lead (or first word) and ``extra`` words after it.

    Marks before the first letter, an item letter, a framing phrase, a declaration's "We" and a
    continuation are dropped: "We recognize that" -> "recognize that", "Remaining deeply concerned"
    -> "deeply concerned", "(a) In this regard, calls upon" -> "calls upon"."""
    words = _ASIDE.sub("", _PREFIX.sub("", _LEADING_JUNK.sub("", text), count=1)).split()
    size = len(lead.split()) if lead else 1
    return " ".join(words[: size + extra])


class SilverFamilies:
    """Family of a clause from its opening words; ``match`` gives None where ``__call__`` gives ``other``."""

    def __init__(self, labels: LabelSet | None = None, lexicon: dict[str, tuple[str, ...]] | None = None) -> None:
        self.labels = labels or load_labels()
        self.lexicon = load_lexicon() if lexicon is None else lexicon
        unknown = sorted(set(self.lexicon) - set(self.labels.families))
        if unknown:
            raise ValueError(f"lead lexicon names families that labels.json lacks: {', '.join(unknown)}")
        table: dict[tuple[str, ...], str] = {}
        for family, phrase in known_leads(self.labels, self.lexicon):
            table.setdefault(silver_key(phrase), family)
        table.pop((), None)
        self._table = table
        by_stem: dict[tuple[str, ...], set[str]] = {}
        for key, family in table.items():
            if (stemmed := _stemmed(key)) is not None:
                by_stem.setdefault(stemmed, set()).add(family)
        self._stem_table = {key: families.pop() for key, families in by_stem.items() if len(families) == 1}

    def match(self, lead: str | None, text: str) -> str | None:
        """The family of the clause's opening words, or None when nothing matches."""
        words = opening(lead, text)
        key = silver_key(words)
        stemmed = _stemmed(key)
        for size in range(len(key), 0, -1):
            family = self._table.get(key[:size]) or (stemmed and self._stem_table.get(stemmed[:size]))
            if family:
                return family
        return self.labels.family_of_lead(words) if key else None

    def __call__(self, lead: str | None, text: str) -> str:
        """The silver family: the matched one, else ``other``."""
        return self.match(lead, text) or OTHER
