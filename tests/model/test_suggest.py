"""Suggestions for one clause: labels, standard leads, precedents (with or without the corpus), templates."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from resolute.model.artifact import ModelError
from resolute.model.labels import load_labels
from resolute.model.records import OPERATIVE, PREAMBULAR, Clause
from resolute.model.retrieval import INDEX_FILE, PrecedentIndex
from resolute.model.suggest import TEMPLATES_FILE, Suggester, Template, load_templates, match_templates
from tests.suggest_inputs import REPORT, documents, suggest_model, write_raw

CLAUSE = REPORT.format(ordinal="ninety-first")


@pytest.fixture(scope="module")
def model(tiny_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return suggest_model(tiny_model, tmp_path_factory.mktemp("suggest") / "model")


@pytest.fixture(scope="module")
def raw(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_raw(tmp_path_factory.mktemp("raw"))


def test_precedents_are_indexed_paragraphs_with_their_texts(model, raw):
    result = Suggester.load(model, raw).suggest(CLAUSE, k=4)
    index = PrecedentIndex.load(model / INDEX_FILE)
    indexed = {(str(index.symbols[d]), int(i)) for d, i in zip(index.document, index.index, strict=True)}
    assert len(result.precedents) == 4
    assert all((p.symbol, p.index) in indexed for p in result.precedents)
    texts = {symbol: preamble + operative for symbol, _, preamble, operative in documents()}
    for p in result.precedents:
        assert p.text == texts[p.symbol][p.index]
        assert p.text.startswith("Requests the Secretary-General to submit")
        assert p.section == OPERATIVE and p.number == str(p.index - 1)
    assert result.precedents[0].score >= result.precedents[-1].score > 0.5
    assert result.corpus


def test_without_a_corpus_precedents_are_named_and_linked(model, tmp_path):
    result = Suggester.load(model, tmp_path / "no-corpus").suggest(CLAUSE, k=2)
    assert not result.corpus
    first = result.precedents[0]
    assert first.text is None
    assert first.link == f"https://undocs.org/en/{first.symbol}"
    assert first.paragraph == f"operative paragraph {first.number}"


def test_a_changed_corpus_file_shows_no_stale_text(model, tmp_path):
    raw = write_raw(tmp_path / "raw")
    symbol, source, _, _ = documents()[1]
    path = raw / source
    path.write_bytes(path.read_bytes().replace(b"a report on", b"an account of"))
    result = Suggester.load(model, raw).suggest(CLAUSE, k=6)
    changed = [p for p in result.precedents if p.symbol == symbol]
    assert changed and changed[0].text is None


def test_a_preambular_clause_gets_preambular_precedents_and_leads(model, raw):
    clause = Clause(
        index=0, section=PREAMBULAR, text="Recalling its resolution 98/4 on desert roads,", lead="Recalling"
    )
    result = Suggester.load(model, raw).suggest(clause, k=3)
    assert result.section == PREAMBULAR
    assert result.intents == ()
    assert {p.section for p in result.precedents} == {PREAMBULAR}
    assert result.standard_leads == load_labels().standard_forms(result.family, PREAMBULAR)
    assert "Recalling" in result.standard_leads


def test_templates_fit_the_intent_and_are_slotted(model, raw):
    result = Suggester.load(model, raw).suggest(CLAUSE)
    assert result.intents[0] == "report"
    assert result.templates
    best = result.templates[0]
    assert best.intent in result.intents and best.family == result.family == "request"
    assert "{ordinal}" in best.pattern
    assert "ninety" not in best.pattern and "eighty" not in best.pattern
    assert best.documents == 6


def test_a_model_without_index_or_templates_still_labels(tiny_model):
    result = Suggester.load(tiny_model).suggest("Urges all States to ratify the convention on tidal energy;")
    assert result.family == "urge"
    assert result.precedents == () and result.templates == ()


def test_numbers_in_front_are_dropped(model, raw):
    result = Suggester.load(model, raw).suggest("3. " + CLAUSE, k=1)
    assert result.text == CLAUSE and result.lead == "Requests"


def test_the_record_is_json_ready(model, raw):
    record = Suggester.load(model, raw).suggest(CLAUSE, k=1).to_record()
    again = json.loads(json.dumps(record))
    assert again["precedents"][0]["paragraph"].startswith("operative paragraph")
    assert set(again) >= {"section", "family", "intents", "scores", "standard_leads", "precedents", "templates"}


def test_a_changed_index_is_refused(model, tmp_path):
    import shutil

    copy = tmp_path / "model"
    shutil.copytree(model, copy)
    index = PrecedentIndex.load(copy / INDEX_FILE)
    index.codes = np.ascontiguousarray(index.codes[::-1])
    index.save(copy / INDEX_FILE)
    with pytest.raises(ModelError, match=r"precedents\.npz does not match its hash"):
        Suggester.load(copy)


def test_templates_of_another_version_are_refused(tmp_path):
    path = tmp_path / TEMPLATES_FILE
    path.write_text(json.dumps({"version": 99, "templates": []}))
    with pytest.raises(ModelError, match="templates version 99"):
        load_templates(path)


def test_match_templates_falls_back_on_the_family_and_ranks_by_shared_words():
    templates = [
        Template("Requests the {name} to report on floods", OPERATIVE, "request", "report", 9, 9),
        Template(
            "Requests the Secretary-General to provide resources for {name}", OPERATIVE, "request", "resources", 7, 7
        ),
        Template("Urges all States to act", OPERATIVE, "urge", "implementation", 30, 30),
    ]
    found = match_templates(
        templates, "Requests the Secretary-General to report on storms", OPERATIVE, "request", ("report",), 5
    )
    assert [t.intent for t in found] == ["report"]
    found = match_templates(
        templates, "Requests the Secretary-General to provide resources", OPERATIVE, "request", ("mandate",), 5
    )
    assert [t.intent for t in found] == ["resources", "report"]


def test_a_broken_index_file_is_a_model_error(tiny_model, tmp_path):
    import shutil

    copy = tmp_path / "model"
    shutil.copytree(tiny_model, copy)
    (copy / INDEX_FILE).write_bytes(b"not an index")
    with pytest.raises(ModelError, match="not a precedent index"):
        Suggester.load(copy)
