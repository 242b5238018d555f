"""Silver families from the opening words of clauses written for these tests."""

from __future__ import annotations

import json

import pytest

from resolute.model.labels import load_labels
from resolute.training.silver import OTHER, SilverFamilies, load_lexicon, opening, silver_key


@pytest.fixture(scope="module")
def silver() -> SilverFamilies:
    return SilverFamilies()


@pytest.mark.parametrize(
    ("lead", "text", "family"),
    [
        ("Expressing", "Expressing deep concern at the slow pace of reconstruction in the region,", "concern"),
        ("Noting", "Noting with appreciation the work of the regional commissions,", "appreciate"),
        ("Noting", "Noting with concern the rising number of displaced persons,", "concern"),
        ("Noting", "Noting the report of the Secretary-General on the matter,", "note"),
        ("Reiterates", "Reiterates its request to the Secretary-General to report annually;", "request"),
        ("Reiterates", "Reiterates its call upon all parties to show restraint;", "call_upon"),
        ("Also requests", "Also requests the Secretary-General to submit a report at its next session;", "request"),
        ("Strongly condemns", "Strongly condemns all attacks against humanitarian personnel;", "condemn"),
        ("Takes note", "Takes note with appreciation of the report of the Commission;", "appreciate"),
    ],
)
def test_standard_forms_read_with_their_object(silver, lead, text, family):
    assert silver(lead, text) == family


@pytest.mark.parametrize(
    ("lead", "text", "family"),
    [
        ("Seriously concerned", "Seriously concerned by the lack of access to clean water,", "concern"),
        ("Pays tribute", "Pays tribute to the peacekeepers who lost their lives;", "appreciate"),
        ("Taking into consideration", "Taking into consideration the needs of small island States,", "consider"),
        ("Echoing", "Echoing the commitments made at the world summit,", "recall"),
        ("Remaining deeply concerned", "Remaining deeply concerned about food insecurity,", "concern"),
        ("Having regard", "Having regard to Article 17 of the Charter,", "consider"),
        ("Appropriates", "Appropriates an amount of 1,000,000 dollars for the biennium;", "decide"),
        ("Emphasising", "Emphasising the role of regional organisations,", "emphasize"),
    ],
)
def test_lexicon_maps_corpus_leads_that_labels_do_not_list(silver, lead, text, family):
    assert silver(lead, text) == family


@pytest.mark.parametrize(
    ("text", "family"),
    [
        ("Decides to remain actively seized of the matter.", "decide"),  # no italic lead in the markup
        ("We recognize that no country can meet these challenges alone.", "recognize"),
        ("Continues to encourage Member States to share good practices;", "encourage"),
        ("\u200e Reaffirms its support for the peace process;", "reaffirm"),
        ("Expressing its very deep concern at the humanitarian situation,", "concern"),
        ("(b) Decides that all States shall freeze the assets listed;", "decide"),
        ("In this regard, calls upon donors to increase their support;", "call_upon"),
        ("Expressing, in this context, its support for the electoral process,", "support"),
        ("We are concerned that exports remain concentrated in few products.", "concern"),
        ("Takes positive note of the first report of the national commission;", "note"),
    ],
)
def test_clauses_without_a_lead_use_their_first_words(silver, text, family):
    assert silver(None, text) == family


@pytest.mark.parametrize(
    "text",
    ["The Secretary-General shall report on the use of the fund.", "Estimates of income for the biennium", ""],
)
def test_nothing_matching_is_other(silver, text):
    assert silver.match(None, text) is None
    assert silver(None, text) == OTHER


@pytest.mark.parametrize(
    ("text", "family"),
    [
        ("Notes with satisfaction the progress made in demining;", "appreciate"),  # "Noting with satisfaction"
        ("Note with concern the shortfall in health workers", "concern"),  # "Notes with concern"
        ("We note the advances in social inclusion in small island States.", "note"),
        ("Reiterating its call upon all parties to respect the ceasefire,", "call_upon"),  # family_rules
        ("Continues to express concern at the shortfall in funding;", "concern"),  # "express", a verb in -ss
        ("Re-affirming its commitment to the sovereignty of the country,", "reaffirm"),
        ("Ever mindful of the need to protect civilians,", "consider"),
    ],
)
def test_other_forms_of_a_listed_verb_match_its_phrase(silver, text, family):
    assert silver(None, text) == family


@pytest.mark.parametrize(
    "text",
    [
        "The Committee shall meet twice a year.",  # a noun that shares a stem with "Committed"
        "We will build trust between communities.",  # a modal that shares a stem with "Willing"
    ],
)
def test_words_that_are_not_forms_of_a_listed_verb_stay_other(silver, text):
    assert silver(None, text) == OTHER


def test_opening_takes_the_lead_and_a_few_words_after_it():
    text = "Expressing deep concern at the slow pace of reconstruction and recovery"
    assert opening("Expressing", text, extra=3) == "Expressing deep concern at"
    assert opening(None, "We recognize that the goals are integrated", extra=2) == "recognize that the"


def test_silver_key_drops_strength_words():
    assert silver_key("Expresses its very deep concern") == silver_key("Expresses concern")


def test_lexicon_names_known_families_and_never_contradicts_labels():
    labels = load_labels()
    lexicon = load_lexicon()
    standard = {
        silver_key(phrase): family
        for family, by_section in labels.forms.items()
        for phrases in by_section.values()
        for phrase in phrases
    }
    assert set(lexicon) <= set(labels.families)
    for family, phrases in lexicon.items():
        assert len(set(phrases)) == len(phrases), family
        for phrase in phrases:
            assert standard.get(silver_key(phrase), family) == family, phrase


def test_a_lexicon_with_an_unknown_family_is_refused(tmp_path):
    path = tmp_path / "lexicon.json"
    path.write_text(json.dumps({"version": 1, "families": {"praise": ["Lauding"]}}), encoding="utf-8")
    with pytest.raises(ValueError, match="praise"):
        SilverFamilies(lexicon=load_lexicon(path))


def test_labels_forms_win_over_the_lexicon():
    silver = SilverFamilies(lexicon={"welcome": ["Requests"]})
    assert silver("Requests", "Requests the Secretary-General to report;") == "request"
