"""The linear classifier: loading verifies the artifact first; predictions follow the label contract."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from resolute.model.artifact import ModelError
from resolute.model.classify import decide_intents, load_classifier
from resolute.model.labels import load_labels


def _copy(model: Path, tmp_path: Path) -> Path:
    target = tmp_path / "model"
    shutil.copytree(model, target)
    return target


def test_predicts_families_and_sections_of_unseen_clauses(tiny_model: Path) -> None:
    classifier = load_classifier(tiny_model)
    texts = [
        "Recalling its resolution 99/1 on lighthouses,",
        "Requests the Secretary-General to submit a report on lighthouses at its next session;",
        "Urges all States to ratify the convention on lighthouses;",
    ]
    predictions = classifier.predict(texts)
    assert [p.family for p in predictions] == ["recall", "request", "urge"]
    assert [p.section for p in predictions] == ["preambular", "operative", "operative"]
    assert predictions[0].intents == ()
    assert predictions[1].intents[0] == "report"
    for prediction in predictions:
        assert 0.0 <= prediction.scores["family"] <= 1.0
        assert 0.0 <= prediction.scores["section"] <= 1.0


def test_a_known_section_is_kept(tiny_model: Path) -> None:
    classifier = load_classifier(tiny_model)
    [prediction] = classifier.predict(["Requests the Secretary-General to report on lighthouses;"], ["preambular"])
    assert prediction.section == "preambular"
    assert prediction.intents == ()


def test_tampered_weights_are_refused(tiny_model: Path, tmp_path: Path) -> None:
    model = _copy(tiny_model, tmp_path)
    with (model / "weights.npz").open("ab") as stream:
        stream.write(b"\0")
    with pytest.raises(ModelError, match="does not match its hash"):
        load_classifier(model)


def test_schema_mismatch_is_refused(tiny_model: Path, tmp_path: Path) -> None:
    model = _copy(tiny_model, tmp_path)
    meta = json.loads((model / "meta.json").read_text())
    meta["schema_version"] = 99
    (model / "meta.json").write_text(json.dumps(meta))
    with pytest.raises(ModelError, match="schema version 99"):
        load_classifier(model)


def test_label_set_mismatch_is_refused(tiny_model: Path, tmp_path: Path) -> None:
    model = _copy(tiny_model, tmp_path)
    meta = json.loads((model / "meta.json").read_text())
    meta["families"] = meta["families"][:-1]
    (model / "meta.json").write_text(json.dumps(meta))
    with pytest.raises(ModelError, match="label set"):
        load_classifier(model)


def test_unknown_folder_and_unknown_backend_are_refused(tiny_model: Path, tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="no such model folder"):
        load_classifier(tmp_path / "absent")
    (tmp_path / "empty").mkdir()
    with pytest.raises(ModelError, match=r"no meta\.json"):
        load_classifier(tmp_path / "empty")
    model = _copy(tiny_model, tmp_path)
    meta = json.loads((model / "meta.json").read_text())
    meta["backend"] = "crystal-ball"
    (model / "meta.json").write_text(json.dumps(meta))
    with pytest.raises(ModelError, match="unknown model backend"):
        load_classifier(model)


def test_decide_intents_keeps_at_most_three_best_first() -> None:
    names = load_labels().intents
    probabilities = np.zeros(len(names))
    probabilities[[0, 3, 5, 7]] = [0.9, 0.6, 0.95, 0.5]
    assert decide_intents(probabilities, names, np.full(len(names), 0.4)) == (names[5], names[0], names[3])
    low = np.full(len(names), 0.1)
    low[2] = 0.2
    assert decide_intents(low, names, np.full(len(names), 0.4)) == (names[2],)
