"""Lead thesaurus lookups: the longest listed phrase wins; misspellings one edit from a known lead."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from resolute.model.features import tokenize
from resolute.model.lead_thesaurus import LeadThesaurus, lead_phrase

THESAURUS = LeadThesaurus(
    {"remembering": "recall", "points": "other", "points out": "emphasize"},
    {"recalling": "recall", "recalls": "recall", "requests": "request", "regrets": "concern", "notes": "note"}
    | {"votes": "support"},
)


def test_the_lead_phrase_skips_sequence_and_strength_words() -> None:
    assert lead_phrase(tokenize("Also further bears in mind that the work,")) == ["bears", "in", "mind"]
    assert lead_phrase(["also"]) == []


def test_the_longest_listed_phrase_the_lead_opens_with_wins() -> None:
    assert THESAURUS.features(lead_phrase(tokenize("Also remembering its resolution,"))) == ["t:recall"]
    assert THESAURUS.features(lead_phrase(tokenize("Points out that the work,"))) == ["t:emphasize"]
    assert THESAURUS.features(lead_phrase(tokenize("Points to the work;"))) == ["t:other"]
    assert THESAURUS.features([]) == []


def test_a_known_lead_or_an_unrelated_word_gets_nothing() -> None:
    assert THESAURUS.features(["recalling", "its"]) == []
    assert THESAURUS.features(["decides", "to"]) == []


EDITS = ("swap", "drop", "double", "replace")


@given(st.sampled_from(["recalling", "requests", "regrets"]), st.integers(0, 20), st.sampled_from(EDITS))
def test_one_edit_of_a_known_lead_is_read_as_its_misspelling(word: str, at: int, edit: str) -> None:
    i = at % (len(word) - 1)
    misspelt = {
        "swap": word[:i] + word[i + 1] + word[i] + word[i + 2 :],
        "drop": word[:i] + word[i + 1 :],
        "double": word[:i] + word[i] + word[i:],
        "replace": word[:i] + ("x" if word[i] != "x" else "q") + word[i + 1 :],
    }[edit]
    family = THESAURUS.known[word]
    expected = [] if misspelt == word else [f"m:{family}"]
    assert THESAURUS.features([misspelt, "the"]) == expected


def test_misspellings_that_two_families_share_or_short_words_are_left_alone() -> None:
    assert THESAURUS.misspelt_family("motes") is None  # one edit from "notes" and from "votes"
    assert THESAURUS.misspelt_family("recals") == "recall"
    assert THESAURUS.misspelt_family("nots") is None  # shorter than five letters
