"""Building what suggest ships: slotted formulas, mined templates, and the index listed in meta.json."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from resolute.model.artifact import read_meta
from resolute.model.labels import load_labels
from resolute.model.retrieval import INDEX_FILE, PrecedentIndex
from resolute.model.suggest import TEMPLATES_FILE, load_templates
from resolute.training.precedents import MiningConfig, build_precedents, mine_templates, slot_text
from tests.suggest_inputs import ONE_OFF, rows


@pytest.mark.parametrize(
    ("text", "slotted"),
    [
        (
            "Requests the Secretary-General to report to the General Assembly at its eighty-sixth session;",
            "Requests the Secretary-General to report to the General Assembly at its {ordinal} session;",
        ),
        (
            "Recalling its resolutions 91/12 of 3 March 2087 and 92/7 B, and Council resolution 3021 (2088),",
            "Recalling its resolutions {symbol} of {date} and {symbol}, and Council resolution {symbol},",
        ),
        (
            "Takes note of the report contained in document A/91/455/Add.2;",
            "Takes note of the report contained in document {symbol};",
        ),
        (
            "Decides to include in the provisional agenda of its ninetieth session the item entitled “Lighthouses”;",
            "Decides to include in the provisional agenda of its {ordinal} session the item entitled {title};",
        ),
        (
            "Welcomes the efforts of the Government of Zembla in 2091, and 15 per cent of Member States;",
            "Welcomes the efforts of the {name} in {year}, and {number} per cent of Member States;",
        ),
        (
            "Decides to extend the mandate of the Mission until 30 April 2093;",
            "Decides to extend the mandate of the Mission until {date};",
        ),
    ],
)
def test_slot_text(text, slotted):
    assert slot_text(text) == slotted


def test_frequent_formulas_become_templates_and_one_offs_do_not():
    templates = mine_templates(rows(), MiningConfig(min_documents=3, min_words=4))
    patterns = {t["pattern"]: t for t in templates}
    report = (
        "Requests the Secretary-General to submit to the General Assembly at its {ordinal} session a report on "
        "the implementation of the present resolution"
    )
    assert patterns[report]["documents"] == 6 and patterns[report]["count"] == 6
    assert patterns[report]["intent"] == "report" and patterns[report]["family"] == "request"
    assert not any("Zembla" in p or "Ardent" in p for p in patterns)
    assert list(patterns) == [report]  # the other paragraphs differ by topic in every document
    assert not any(p.startswith(ONE_OFF.split()[0]) for p in patterns)


def test_an_opening_covered_by_its_extension_is_dropped():
    base = {"section": "operative", "family": "urge", "intents": ["implementation"]}
    data = [
        {**base, "symbol": f"A/RES/1/{n}", "text": "Urges all States to protect lighthouses, in particular in winter;"}
        for n in range(4)
    ]
    patterns = [t["pattern"] for t in mine_templates(data, MiningConfig(min_documents=3, min_words=3))]
    assert patterns == ["Urges all States to protect lighthouses, in particular in winter"]


def test_build_writes_and_lists_the_files_in_a_model_folder(tiny_model: Path, tmp_path: Path):
    folder = tmp_path / "model"
    shutil.copytree(tiny_model, folder)
    report = build_precedents(rows(), folder, bits=128, config=MiningConfig(min_documents=3))
    assert report.registered and report.paragraphs == len(rows()) and report.documents == 6
    meta = read_meta(folder, load_labels())
    assert {INDEX_FILE, TEMPLATES_FILE} <= set(meta["files"])
    assert set(json.loads((tiny_model / "meta.json").read_text())["files"]) < set(meta["files"])
    index = PrecedentIndex.load(folder / INDEX_FILE)
    assert index.bits == 128 and len(index) == report.indexed == report.paragraphs
    assert load_templates(folder / TEMPLATES_FILE)
    build_precedents(rows(), folder, bits=128)  # a rebuild replaces the files and their hashes
    read_meta(folder, load_labels())


def test_build_into_a_plain_folder_lists_nothing(tmp_path: Path):
    report = build_precedents(rows(), tmp_path / "out", bits=64)
    assert not report.registered
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [INDEX_FILE, TEMPLATES_FILE]


def test_names_in_a_recurring_formula_become_a_slot():
    base = {"section": "operative", "family": "welcome", "intents": ["appreciation"]}
    data = [
        {
            **base,
            "symbol": f"A/RES/1/{n}",
            "text": f"Welcomes the efforts of the Government of {country} on lighthouses;",
        }
        for n, country in enumerate(("Zembla", "Freedonia", "Ruritania"))
    ]
    templates = mine_templates(data, MiningConfig(min_documents=3, min_words=3))
    assert [(t["pattern"], t["documents"], t["intent"]) for t in templates] == [
        ("Welcomes the efforts of the {name} on lighthouses", 3, "appreciation")
    ]
