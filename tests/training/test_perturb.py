"""Perturbations change what they should and nothing else."""

from __future__ import annotations

import random

from resolute.model.features import tokenize
from resolute.model.labels import load_labels, verb_stem
from resolute.model.lead_thesaurus import LeadThesaurus
from resolute.training import perturb
from resolute.training.perturb import (
    HELD_OUT_SYNONYMS,
    development_synonym,
    development_synonyms,
    held_out_synonym,
    lower_case,
    opens_with_held_out_synonym,
    real_word_lead,
    remove_numbers,
    thesaurus_lead,
    typo_in_lead,
    unknown_lead,
    wrong_form_lead,
)
from resolute.training.thesaurus import thesaurus_path

CLAUSE = "Recalling also its resolution 12/34 of 5 May 2011 on coastal fisheries,"


def test_typo_changes_only_the_first_word() -> None:
    changed = typo_in_lead(CLAUSE, random.Random(3))
    assert changed != CLAUSE
    assert changed.split(" ", 1)[1] == CLAUSE.split(" ", 1)[1]


def test_wrong_form_lead_swaps_section_form_of_the_same_family() -> None:
    changed = wrong_form_lead(CLAUSE, random.Random(0))
    assert changed.endswith("its resolution 12/34 of 5 May 2011 on coastal fisheries,")
    assert changed.split(" its ")[0] in {"Recalls", "Also recalls", "Further recalls"}


def test_held_out_synonyms_are_listed_nowhere_in_labels() -> None:
    changed = held_out_synonym(CLAUSE, random.Random(0), "recall", "preambular")
    assert changed.split(" its ")[0] in HELD_OUT_SYNONYMS["recall"]["preambular"]


def test_unknown_lead_keeps_the_form_and_the_rest() -> None:
    changed = unknown_lead(CLAUSE, random.Random(0))
    word, rest = changed.split(" ", 1)
    assert word.endswith("ing") and word.lower() not in {"recalling", "reaffirming"}
    assert rest == "its resolution 12/34 of 5 May 2011 on coastal fisheries,"


def test_real_word_lead_opens_with_words_of_no_known_lead_and_keeps_the_rest() -> None:
    labels = load_labels()
    first_words = {form.split()[0].lower() for by in labels.forms.values() for forms in by.values() for form in forms}
    rest = " its resolution 12/34 of 5 May 2011 on coastal fisheries,"
    leads = {real_word_lead(CLAUSE, random.Random(seed)).removesuffix(rest) for seed in range(40)}
    assert len(leads) > 30 and all(" " not in lead or len(lead.split()) == 3 for lead in leads)
    assert {len(lead.split()) for lead in leads} == {1, 3}  # one word, or words joined by a link
    assert all(lead.split()[0].endswith("ing") and lead.split()[0].lower() not in first_words for lead in leads)
    operative = real_word_lead("Requests a report on coastal fisheries;", random.Random(1))
    assert operative.split()[0].endswith("s") and operative.endswith(" a report on coastal fisheries;")


def test_thesaurus_lead_draws_a_new_lead_of_the_same_family_never_a_kept_apart_verb(monkeypatch) -> None:
    monkeypatch.setattr(perturb, "THESAURUS_MISLEADS", 0.0)
    thesaurus = LeadThesaurus.load(thesaurus_path()).words
    rest = " its resolution 12/34 of 5 May 2011 on coastal fisheries,"
    leads = {thesaurus_lead(CLAUSE, random.Random(seed)).removesuffix(rest) for seed in range(60)}
    assert len(leads) > 10
    assert all(thesaurus[lead.lower()] == "recall" and lead.split()[0].endswith("ing") for lead in leads)
    assert not leads & {"Recalling", "Recollecting"}  # leads of labels.json and the lexicon are known already
    kept_apart = [p for by in HELD_OUT_SYNONYMS.values() for listed in by.values() for p in listed]
    kept_apart += [p for listed in development_synonyms().values() for p in listed]
    stems = {verb_stem(word) for phrase in kept_apart for word in tokenize(phrase)}
    assert not {verb_stem(word) for lead in leads for word in tokenize(lead)} & stems


def test_thesaurus_lead_misleads_in_its_share_of_draws() -> None:
    thesaurus = LeadThesaurus.load(thesaurus_path()).words
    rest = " its resolution 12/34 of 5 May 2011 on coastal fisheries,"
    families = [
        thesaurus[thesaurus_lead(CLAUSE, random.Random(seed)).removesuffix(rest).lower()] for seed in range(400)
    ]
    misled = sum(family != "recall" for family in families) / len(families)
    assert abs(misled - perturb.THESAURUS_MISLEADS) < 0.08
    assert len(set(families)) > 10  # the other families are drawn, not one of them


def test_lower_case_and_numbers() -> None:
    assert lower_case(CLAUSE, random.Random(0)) == CLAUSE.lower()
    assert not any(ch.isdigit() for ch in remove_numbers(CLAUSE, random.Random(0)))


def test_a_clause_without_standard_lead_is_left_alone() -> None:
    text = "Ponders the question of lighthouses;"
    assert wrong_form_lead(text, random.Random(0)) == text
    assert unknown_lead(text, random.Random(0)) == text


def test_a_development_synonym_replaces_only_a_standard_lead() -> None:
    synonyms = {"recall": ["Calls back to memory"]}
    changed = development_synonym(CLAUSE, random.Random(0), "recall", synonyms)
    assert changed == "Calls back to memory its resolution 12/34 of 5 May 2011 on coastal fisheries,"
    assert development_synonym(CLAUSE, random.Random(0), "request", synonyms) is None  # no phrase for the family
    assert development_synonym("The budget is approved;", random.Random(0), "recall", synonyms) is None


def test_clauses_opening_with_a_held_out_synonym_are_found_behind_modifiers() -> None:
    assert opens_with_held_out_synonym("Also exhorts all parties to resume talks;")
    assert opens_with_held_out_synonym("Deeply troubled by the delays in the electoral process,")
    assert opens_with_held_out_synonym("Voices its worry about the funding gap;")
    assert not opens_with_held_out_synonym("Voices concern about the funding gap;")  # only the whole phrase
    assert not opens_with_held_out_synonym("Remembered as a pioneer, the envoy was honoured;")
    assert not opens_with_held_out_synonym(CLAUSE)
