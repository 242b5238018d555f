"""Lead thesaurus lookups: the longest listed phrase wins; a misspelt lead word is read as the known
word one edit away."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from resolute.model.features import tokenize
from resolute.model.lead_thesaurus import LeadThesaurus, lead_index, lead_phrase

THESAURUS = LeadThesaurus(
    {"remembering": "recall", "points": "other", "points out": "emphasize"},
    ["recalling", "recalls", "requests", "regrets", "notes", "votes", "taking"],
    english=["remains", "recall"],
)
EDITS = ("swap", "drop", "double", "replace")


def test_the_lead_phrase_skips_sequence_and_strength_words() -> None:
    assert lead_phrase(tokenize("Also further bears in mind that the work,")) == ["bears", "in", "mind"]
    assert lead_phrase(["also"]) == []
    assert lead_index(tokenize("Also further bears in mind,")) == 2
    assert lead_index(["also", "further"]) is None
    assert lead_index(["notes", "also", "recalls"], start=1) == 2


def test_the_longest_listed_phrase_the_lead_opens_with_wins() -> None:
    assert THESAURUS.features(lead_phrase(tokenize("Also remembering its resolution,"))) == ["t:recall"]
    assert THESAURUS.features(lead_phrase(tokenize("Points out that the work,"))) == ["t:emphasize"]
    assert THESAURUS.features(lead_phrase(tokenize("Points to the work;"))) == ["t:other"]
    assert THESAURUS.features([]) == []


def test_a_known_lead_or_an_unrelated_word_gets_no_feature() -> None:
    assert THESAURUS.features(["recalling", "its"]) == []
    assert THESAURUS.features(["decides", "to"]) == []
    assert THESAURUS.silent("recalling") and not THESAURUS.silent("points")


@given(st.sampled_from(["recalling", "requests", "regrets", "taking"]), st.integers(0, 20), st.sampled_from(EDITS))
def test_one_edit_of_a_lead_word_is_read_as_that_word(word: str, at: int, edit: str) -> None:
    i = at % (len(word) - 1)
    misspelt = {
        "swap": word[:i] + word[i + 1] + word[i] + word[i + 2 :],
        "drop": word[:i] + word[i + 1 :],
        "double": word[:i] + word[i] + word[i:],
        "replace": word[:i] + ("x" if word[i] != "x" else "q") + word[i + 1 :],
    }[edit]
    expected = None if misspelt == word or len(misspelt) < 5 else word
    assert THESAURUS.correction(misspelt) == expected


def test_words_of_their_own_ambiguous_or_short_ones_are_not_corrected() -> None:
    assert THESAURUS.correction("motes") is None  # one edit from "notes" and from "votes"
    assert THESAURUS.correction("remains") is None  # an English word, though one edit from nothing listed
    assert THESAURUS.correction("recall") is None  # English, one edit from "recalls"
    assert THESAURUS.correction("points") is None  # a thesaurus word
    assert THESAURUS.correction("nots") is None  # shorter than five letters
    assert THESAURUS.correction("recals") == "recalls"


def test_known_lead_words_and_their_misspellings_are_familiar_even_when_not_corrected() -> None:
    familiar = THESAURUS.familiar_words(["promote"])
    words = ("notes", "motes", "nots", "recals", "deeeply", "stronly", "promote", "promotes")
    assert [word in familiar for word in words] == [True] * 8  # "motes" is near two words, "nots" too short
    unfamiliar = ("hails", "remembering", "", "not", "points", "ensure")
    assert not any(word in familiar for word in unfamiliar)  # "not" is too short for "notes"; "points" no lead
    assert "promote" not in THESAURUS.familiar_words()
