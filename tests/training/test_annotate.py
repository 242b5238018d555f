"""The session logic of ``resolute annotate``: choosing paragraphs, keys, saving, undo, skip, the file's integrity."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from resolute.model.classify import load_classifier
from resolute.model.labels import load_labels
from resolute.training.annotate import (
    INTENT_KEYS,
    AnnotationSession,
    Candidate,
    append_label,
    candidate_rows,
    choose_candidates,
    labelled_keys,
    parse_keys,
    remove_label,
    uncertainty,
    with_suggestion,
)
from resolute.training.annotations import AnnotationError, GoldLabel, read_labels, text_hash

# Invented clauses in UN style: (symbol, index, section, family, text)
ROWS = [
    {"symbol": "A/RES/90/1", "index": 0, "section": "preambular", "family": "recall", "text": "Recalling its work,"},
    {
        "symbol": "A/RES/90/1",
        "index": 1,
        "section": "operative",
        "family": "request",
        "text": "Requests the Secretary-General to report on lighthouse safety at its next session;",
    },
    {
        "symbol": "A/RES/90/1",
        "index": 2,
        "section": "operative",
        "family": "encourage",
        "text": "Encourages States to contribute to the trust fund for lighthouse keepers;",
    },
    {
        "symbol": "A/RES/90/2",
        "index": 0,
        "section": "operative",
        "family": "decide",
        "text": "Decides to extend the mandate of the panel on glacier lakes until 2031;",
    },
    {
        "symbol": "A/RES/90/2",
        "index": 1,
        "section": "operative",
        "family": "urge",
        "text": "Urges Member States to ratify the convention on glacier lakes;",
    },
    {"symbol": "A/RES/90/2", "index": 2, "section": "operative", "family": "other", "text": "   "},
]


def candidate(row: dict, split: str = "train") -> Candidate:
    return Candidate(row["symbol"], row["index"], split, row["text"], row["family"])


def test_every_intent_has_one_key_and_none_collides_with_a_command() -> None:
    assert sorted(INTENT_KEYS.values()) == sorted(load_labels().intents)
    assert all(len(key) == 1 for key in INTENT_KEYS) and not {"u", "s", "q", "#"} & set(INTENT_KEYS)


def test_keys_toggle_intents_in_the_order_pressed_and_a_note_follows_a_hash() -> None:
    assert parse_keys("rp\n") == (["report", "position"], None)
    assert parse_keys("PR") == (["position", "report"], None)  # main intent is the first key
    assert parse_keys("rpr") == (["position"], None)  # pressing a key again toggles it off
    assert parse_keys("r b # chapeau governs\n") == (["report", "resources"], "chapeau governs")
    with pytest.raises(AnnotationError, match="unknown key 'z'"):
        parse_keys("rz")


def test_candidates_are_unlabelled_operative_paragraphs_matching_the_filter_and_family() -> None:
    keys = lambda rows: [(r["symbol"], r["index"]) for r in rows]  # noqa: E731
    assert keys(candidate_rows(ROWS, set())) == [
        ("A/RES/90/1", 1),
        ("A/RES/90/1", 2),
        ("A/RES/90/2", 0),
        ("A/RES/90/2", 1),
    ]
    assert keys(candidate_rows(ROWS, {("A/RES/90/1", 1)})) == [("A/RES/90/1", 2), ("A/RES/90/2", 0), ("A/RES/90/2", 1)]
    assert keys(candidate_rows(ROWS, set(), pattern="GLACIER")) == [("A/RES/90/2", 0), ("A/RES/90/2", 1)]
    assert keys(candidate_rows(ROWS, set(), pattern="glacier", family="urge")) == [("A/RES/90/2", 1)]


def test_uncertainty_is_the_smallest_distance_to_a_threshold() -> None:
    names = load_labels().intents
    scores = dict.fromkeys(names, 0.0) | {"report": 0.9, "position": 0.35}
    assert uncertainty(scores, [0.3] * len(names)) == pytest.approx(0.05)


def test_active_learning_offers_the_least_certain_paragraphs_first(tiny_model: Path) -> None:
    classifier = load_classifier(tiny_model)
    rows = candidate_rows(ROWS, set())
    chosen = choose_candidates(rows, "train", classifier, by="uncertainty")
    assert sorted(c.key for c in chosen) == sorted((r["symbol"], r["index"]) for r in rows)
    margins = [c.uncertainty for c in chosen]
    assert margins == sorted(margins) and all(m is not None for m in margins)
    assert all(c.suggested and set(c.scores) == set(load_labels().intents) for c in chosen)
    assert len(choose_candidates(rows, "train", classifier, by="uncertainty", pool=2)) == 2


def test_random_order_is_seeded_and_suggestions_come_on_demand(tiny_model: Path) -> None:
    rows = candidate_rows(ROWS, set())
    first = choose_candidates(rows, "train", None, by="random", seed=3)
    assert [c.key for c in first] == [c.key for c in choose_candidates(rows, "train", None, by="random", seed=3)]
    assert not first[0].scores
    filled = with_suggestion(first[0], load_classifier(tiny_model))
    assert filled.key == first[0].key and filled.suggested and filled.uncertainty is not None
    with pytest.raises(ValueError, match="unknown order"):
        choose_candidates(rows, "train", None, by="alphabetical")


def test_session_saves_skips_undoes_and_the_file_stays_loadable(tmp_path: Path) -> None:
    gold = tmp_path / "annotations" / "intents.jsonl"
    queue = [candidate(r) for r in candidate_rows(ROWS, set())]
    session = AnnotationSession(gold, queue, "tester")

    assert session.handle("rp # a note\n").action == "saved"
    labels = read_labels(gold)
    assert labels == [
        GoldLabel("A/RES/90/1", 1, text_hash(ROWS[1]["text"]), "train", ("report", "position"), "tester", "a note")
    ]
    assert session.handle("s\n").action == "skipped"  # A/RES/90/1#2 is not written
    assert session.current.key == ("A/RES/90/2", 0)
    assert session.handle("m\n").action == "saved"
    assert [label.key for label in read_labels(gold)] == [("A/RES/90/1", 1), ("A/RES/90/2", 0)]

    outcome = session.handle("u\n")
    assert outcome.action == "undone" and outcome.label.key == ("A/RES/90/2", 0)
    assert [label.key for label in read_labels(gold)] == [("A/RES/90/1", 1)]
    assert session.current.key == ("A/RES/90/2", 0)  # shown again, to be labelled anew
    assert session.handle("im\n").action == "saved"
    assert read_labels(gold)[-1].intents == ("implementation", "mandate")
    assert (len(session.saved), session.skipped, session.undone) == (2, 1, 1)


def test_bad_answers_write_nothing(tmp_path: Path) -> None:
    gold = tmp_path / "intents.jsonl"
    session = AnnotationSession(gold, [candidate(ROWS[1])], "tester")
    assert session.handle("\n").action == "empty"
    assert session.handle("rpib\n").action == "error"  # four intents
    assert session.handle("rr\n").action == "error"  # toggled back to none
    assert session.handle("rz\n").action == "error"
    assert session.handle("u\n").action == "error"  # nothing saved yet
    assert not gold.exists()
    assert session.handle("r\n").action == "saved"
    assert session.current is None and session.handle("r\n").action == "error"
    assert session.handle("q\n").action == "quit"
    assert len(read_labels(gold)) == 1


def test_undo_removes_only_its_line_and_keeps_the_others_byte_for_byte(tmp_path: Path) -> None:
    gold = tmp_path / "intents.jsonl"
    earlier = '{"symbol": "S/RES/9001 (2030)", "index": 4, "hash": "aaaaaaaaaaaa", "split": "train", '
    earlier += '"intents": ["sanctions"], "annotator": "pass1"}\n'
    gold.write_text(earlier, encoding="utf-8")
    session = AnnotationSession(gold, [candidate(ROWS[1]), candidate(ROWS[2])], "tester")
    session.handle("r\n")
    session.handle("b\n")
    session.handle("u\n")
    session.handle("u\n")
    assert gold.read_text(encoding="utf-8") == earlier
    assert session.handle("u\n").action == "error"  # labels of earlier sessions are not undone
    assert not remove_label(gold, ("A/RES/90/1", 1))
    assert [p.name for p in tmp_path.iterdir()] == ["intents.jsonl"]  # no temp file left


def test_append_keeps_one_label_per_line_after_a_file_without_final_newline(tmp_path: Path) -> None:
    gold = tmp_path / "intents.jsonl"
    gold.write_text('{"symbol": "A/RES/1/1", "index": 3, "hash": "b", "split": "test", "intents": ["agenda"], '
                    '"annotator": "pass1"}', encoding="utf-8")  # fmt: skip
    label = GoldLabel("A/RES/90/1", 1, "c", "validation", ("report",), "tester")
    append_label(gold, label)
    assert [json.loads(line)["symbol"] for line in gold.read_text().splitlines()] == ["A/RES/1/1", "A/RES/90/1"]
    assert labelled_keys(gold) == {("A/RES/1/1", 3), ("A/RES/90/1", 1)}
    assert labelled_keys(tmp_path / "missing.jsonl") == set()


def test_a_broken_gold_file_is_refused_before_a_session_appends_to_it(tmp_path: Path) -> None:
    gold = tmp_path / "intents.jsonl"
    gold.write_text('{"symbol": "A/RES/1/1", "index": 3, "hash": "b", "split": "train", "intents": ["gossip"], '
                    '"annotator": "pass1"}\n', encoding="utf-8")  # fmt: skip
    with pytest.raises(AnnotationError, match="unknown intent"):
        labelled_keys(gold)
