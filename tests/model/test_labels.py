"""The label contract: the shipped copy equals the spec; leads map to families by the standard forms."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from resolute.model.labels import lead_key, load_labels, verb_stem

SPEC = Path(__file__).resolve().parents[2].parent / "shared" / "spec" / "labels.json"
SHIPPED = Path(__file__).resolve().parents[2] / "model" / "labels.json"


@pytest.mark.skipif(not SPEC.is_file(), reason="the shared spec is not present")
def test_shipped_labels_equal_the_spec() -> None:
    assert json.loads(SHIPPED.read_text()) == json.loads(SPEC.read_text())


def test_label_set_exposes_families_intents_and_forms() -> None:
    labels = load_labels()
    assert "recall" in labels.families and "other" in labels.families
    assert len(labels.intents) == 12
    assert labels.standard_forms("recall", "preambular")[0] == "Recalling"
    assert labels.standard_forms("authorize", "preambular") == ()


@pytest.mark.parametrize(
    ("lead", "family"),
    [
        ("Recalling also", "recall"),
        ("Further recalls", "recall"),
        ("Noting with concern", "concern"),
        ("Noting with appreciation", "appreciate"),
        ("Noting", "note"),
        ("Reiterates its request", "request"),
        ("Reiterates its call upon", "call_upon"),
        ("Expresses its appreciation", "appreciate"),
        ("Strongly condemns", "condemn"),
        ("Deeply concerned", "concern"),
        ("Determined", "aspire"),
        ("Determining", "determine"),
        ("recalls", "recall"),
    ],
)
def test_family_of_lead_follows_the_family_rules(lead: str, family: str) -> None:
    assert load_labels().family_of_lead(lead) == family


def test_unknown_leads_have_no_family() -> None:
    labels = load_labels()
    assert labels.family_of_lead("Remembering") is None
    assert labels.family_of_lead("") is None


def test_lead_key_drops_sequence_and_strength_words() -> None:
    assert lead_key("Also strongly urges") == ("urges",)
    assert verb_stem("recalling") == verb_stem("recalls")
