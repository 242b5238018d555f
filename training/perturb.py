"""Perturbations of clause texts: for training augmentation and for the robustness table.

Each function takes a clause text (and a random generator) and returns a perturbed text, or the
text unchanged when the perturbation does not apply. ``HELD_OUT_SYNONYMS`` are leads that the
training data lacks; they are used for evaluation only, never for augmentation.
"""

from __future__ import annotations

import json
import random
import re
import string
from collections.abc import Callable
from functools import cache

from resolute.model.features import tokenize
from resolute.model.labels import MODIFIERS, LabelSet, load_labels, verb_stem
from resolute.model.lead_thesaurus import LeadThesaurus, lead_phrase
from resolute.model.records import OPERATIVE, PREAMBULAR
from resolute.model.static_embeddings import StaticEmbeddings
from resolute.training.corpus_sources import repo_root
from resolute.training.silver import known_leads, load_lexicon
from resolute.training.thesaurus import thesaurus_path

_FIRST_WORD = re.compile(r"^(\W*)([A-Za-z][A-Za-z\-]*)")
_DIGITS = re.compile(r"\s*\(?\b\d[\d/.,]*\)?")

# Evaluation-only synonyms, by family and section: phrases that open no training clause (training
# leaves out the seven of the train split that open with one: ``opens_with_held_out_synonym``).
HELD_OUT_SYNONYMS: dict[str, dict[str, list[str]]] = {
    "recall": {PREAMBULAR: ["Remembering", "Calling to mind"], OPERATIVE: ["Brings to mind"]},
    "request": {PREAMBULAR: [], OPERATIVE: ["Solicits", "Bids"]},
    "welcome": {PREAMBULAR: ["Hailing", "Greeting with satisfaction"], OPERATIVE: ["Hails"]},
    "urge": {PREAMBULAR: ["Exhorting"], OPERATIVE: ["Exhorts", "Presses"]},
    "concern": {PREAMBULAR: ["Worried", "Troubled"], OPERATIVE: ["Voices its worry"]},
    "note": {PREAMBULAR: ["Remarking"], OPERATIVE: ["Remarks"]},
    "emphasize": {PREAMBULAR: ["Accentuating", "Pointing out"], OPERATIVE: ["Accentuates", "Points out"]},
    "reaffirm": {PREAMBULAR: ["Restating"], OPERATIVE: ["Restates"]},
    "recognize": {PREAMBULAR: ["Admitting"], OPERATIVE: ["Admits"]},
    "decide": {PREAMBULAR: [], OPERATIVE: ["Rules", "Settles"]},
    "encourage": {PREAMBULAR: ["Spurring"], OPERATIVE: ["Spurs", "Motivates"]},
    "call_upon": {PREAMBULAR: ["Summoning"], OPERATIVE: ["Summons"]},
    "condemn": {PREAMBULAR: ["Denouncing"], OPERATIVE: ["Denounces"]},
    "appreciate": {PREAMBULAR: ["Praising"], OPERATIVE: ["Praises", "Lauds"]},
    "consider": {PREAMBULAR: ["Keeping in mind", "Reckoning"], OPERATIVE: ["Reckons"]},
    "invite": {PREAMBULAR: [], OPERATIVE: ["Bids welcome to"]},
}


@cache
def _held_out_phrases() -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(tokenize(p)) for by in HELD_OUT_SYNONYMS.values() for listed in by.values() for p in listed)


def opens_with_held_out_synonym(text: str) -> bool:
    """True when the clause's lead phrase (sequence and strength words aside: "Also exhorts") starts with
    a held-out synonym: training leaves such clauses out, so that the held-out row measures leads the
    training data lacks."""
    phrase = tuple(lead_phrase(tokenize(text)))
    return any(phrase[: len(held)] == held for held in _held_out_phrases())


def _split_lead(text: str) -> tuple[str, str, str] | None:
    """The longest standard form the clause opens with, its family, and the rest of the text."""
    lower = text.lower()
    for form, family in _FORMS:
        if lower.startswith(form.lower()) and lower[len(form) : len(form) + 1] in ("", " ", ",", ";", ":"):
            return text[: len(form)], family, text[len(form) :]
    return None


def _forms_by_length(labels: LabelSet) -> list[tuple[str, str]]:
    pairs = [(form, family) for family, by in labels.forms.items() for forms in by.values() for form in forms]
    return sorted(pairs, key=lambda pair: -len(pair[0]))


_FORMS = _forms_by_length(load_labels())


def typo_in_lead(text: str, rng: random.Random) -> str:
    """One random edit (swap, drop, double or replace a letter) inside the first word."""
    match = _FIRST_WORD.match(text)
    if not match or len(match.group(2)) < 5:
        return text
    word = match.group(2)
    i = rng.randrange(1, len(word) - 1)
    edit = rng.choice(("swap", "drop", "double", "replace"))
    if edit == "swap":
        word = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    elif edit == "drop":
        word = word[:i] + word[i + 1 :]
    elif edit == "double":
        word = word[:i] + word[i] + word[i:]
    else:
        word = word[:i] + rng.choice(string.ascii_lowercase) + word[i + 1 :]
    return text[: match.start(2)] + word + text[match.end(2) :]


def lower_case(text: str, rng: random.Random) -> str:
    """The whole clause in lower case, as drafters sometimes type it."""
    return text.lower()


def wrong_form_lead(text: str, rng: random.Random) -> str:
    """Replace a standard lead by a standard lead of the same family for the other section."""
    labels = load_labels()
    split = _split_lead(text)
    if not split:
        return text
    head, family, rest = split
    section = PREAMBULAR if head in labels.forms[family].get(PREAMBULAR, ()) else OPERATIVE
    other = OPERATIVE if section == PREAMBULAR else PREAMBULAR
    choices = labels.standard_forms(family, other)
    return rng.choice(choices) + rest if choices else text


def held_out_synonym(text: str, rng: random.Random, family: str, section: str) -> str:
    """Replace the standard lead by a synonym the training data lacks (evaluation only)."""
    choices = HELD_OUT_SYNONYMS.get(family, {}).get(section, [])
    split = _split_lead(text)
    if not choices or not split:
        return text
    return rng.choice(choices) + split[2]


def development_synonym(text: str, rng: random.Random, family: str, synonyms: dict[str, list[str]]) -> str | None:
    """Replace the standard lead by a phrase of our development list for its family (``synonyms``, from
    ``development_synonyms``), for choices on the validation split; None where the clause has no
    standard lead or the list no phrase for its family."""
    choices = synonyms.get(family)
    split = _split_lead(text)
    if not choices or not split:
        return None
    return rng.choice(choices) + split[2]


def unknown_lead(text: str, rng: random.Random) -> str:
    """Replace the standard lead by a made-up word of the same form ("Vrintling", "Glorbs"), so that
    an unseen lead teaches the model to read the rest of the clause (augmentation)."""
    split = _split_lead(text)
    if not split:
        return text
    head, _, rest = split
    stem = "".join(rng.choice("bcdfghklmnprstvz") + rng.choice("aeiou") for _ in range(rng.randint(2, 3)))
    suffix = "ing" if head.split()[0].lower().endswith("ing") else "s"
    return stem.capitalize() + suffix + rest


THESAURUS_MISLEADS = 0.5  # the share of thesaurus leads drawn from another family (chosen on validation)
_LINKS = ("to", "with", "in", "on", "of", "for", "at", "by", "out", "up")  # words that join a lead's words


@cache
def _unfamiliar_words() -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """English words that open no lead of labels.json or of our lead lexicon, from the word list of
    the static lead vectors: the "-ing" forms, the other words ending in "s", and both (those first)."""
    leads = known_leads(load_labels(), load_lexicon())
    known = {word.lower() for _, phrase in leads for word in phrase.split()} | set(MODIFIERS)
    pieces = StaticEmbeddings.load(repo_root() / "data" / "lead_vectors.npz").index
    words = sorted(w for w in pieces if w.isascii() and w.isalpha() and w.islower() and len(w) >= 5 and w not in known)
    participles = tuple(w for w in words if w.endswith("ing"))
    others = tuple(w for w in words if w.endswith("s") and not w.endswith("ss"))
    return participles, others, others + participles


def real_word_lead(text: str, rng: random.Random) -> str:
    """Replace the standard lead by real English words that open no lead we know ("Glistening",
    "Charts up encompassing"), so that an unfamiliar lead, of one word or several, teaches the model to
    read the rest of the clause (augmentation; the words are drawn without regard to any family). Some
    are thesaurus words, whose thesaurus family then disagrees with the label: that keeps the model from
    trusting the thesaurus blindly (leaving them out lowered the validation figures, see README)."""
    split = _split_lead(text)
    if not split:
        return text
    participles, others, both = _unfamiliar_words()
    lead = rng.choice(participles if split[0].split()[0].lower().endswith("ing") else others).capitalize()
    if rng.random() < 0.5:  # leads often run to several words ("Takes note with appreciation of")
        lead += f" {rng.choice(_LINKS)} {rng.choice(both)}"
    return lead + split[2]


def development_synonyms() -> dict[str, list[str]]:
    """Our development list of lead idioms and synonyms (``data/dev_synonyms.json``), by family, for
    choosing robustness measures on the validation split; refuses one that shares a phrase with
    ``HELD_OUT_SYNONYMS``."""
    listed = json.loads((repo_root() / "data" / "dev_synonyms.json").read_text(encoding="utf-8"))["families"]
    held = {p.lower() for by in HELD_OUT_SYNONYMS.values() for phrases in by.values() for p in phrases}
    shared = held & {p.lower() for phrases in listed.values() for p in phrases}
    if shared:
        raise ValueError(f"data/dev_synonyms.json shares phrases with the held-out list: {sorted(shared)}")
    return listed


@cache
def _thesaurus_leads() -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """Family -> the thesaurus's "-ing" leads and its other leads ending in "s" (it lists no lead of
    labels.json or our lexicon), leaving out every verb of the held-out and development synonym lists."""
    kept_apart = [p for by in HELD_OUT_SYNONYMS.values() for listed in by.values() for p in listed]
    kept_apart += [p for listed in development_synonyms().values() for p in listed]
    stems = {verb_stem(word) for p in kept_apart for word in p.lower().split() if word not in MODIFIERS}
    found: dict[str, tuple[list[str], list[str]]] = {}
    for lead, family in LeadThesaurus.load(thesaurus_path()).words.items():
        first = lead.split()[0]
        if any(verb_stem(word) in stems for word in lead.split()):
            continue
        participles, others = found.setdefault(family, ([], []))
        if first.endswith("ing"):
            participles.append(lead)
        elif first.endswith("s") and not first.endswith("ss"):
            others.append(lead)
    return {family: (tuple(p), tuple(o)) for family, (p, o) in found.items()}


def thesaurus_lead(text: str, rng: random.Random) -> str:
    """Replace the standard lead by a lead from the thesaurus (``data/lead_thesaurus.json``): one it gives
    the clause's family ("Commemorating" for "Recalling"), or, in a share ``THESAURUS_MISLEADS`` of the
    draws, one it gives another family. The model so learns to weigh the thesaurus's family against the
    rest of the clause, as unseen leads ask: WordNet's votes name the right family for 77 % of our own
    leads and 61 % of our development idioms (``benchmarks/thesaurus_loo.py``). No verb of the held-out or
    development lists is drawn."""
    misleads = rng.random() < THESAURUS_MISLEADS
    split = _split_lead(text)
    if not split:
        return text
    head, family, rest = split
    leads = _thesaurus_leads()
    if misleads:
        family = rng.choice([other for other in leads if other != family])
    participles, others = leads.get(family, ((), ()))
    choices = participles if head.split()[0].lower().endswith("ing") else others
    return rng.choice(choices).capitalize() + rest if choices else text


def remove_numbers(text: str, rng: random.Random) -> str:
    """Drop every number and symbol-like figure (resolution numbers, dates, paragraph references)."""
    return " ".join(_DIGITS.sub("", text).split())


AUGMENTATIONS: dict[str, Callable[[str, random.Random], str]] = {
    "typo_in_lead": typo_in_lead,
    "lower_case": lower_case,
    "wrong_form_lead": wrong_form_lead,
    "remove_numbers": remove_numbers,
    "unknown_lead": unknown_lead,
    "real_word_lead": real_word_lead,
    "thesaurus_lead": thesaurus_lead,
}
