"""Gold intent labels: the loader refuses what cannot be trusted, merging round-trips, agreement figures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from resolute.training.annotations import (
    AnnotationError,
    GoldLabel,
    agreement,
    check_labels_file,
    clause_id,
    load_gold,
    main,
    merge_batches,
    parse_clause_id,
    read_labels,
    relocate_labels,
    text_hash,
    write_labels,
)

# Invented clauses in UN style (never corpus text).
CORPUS = [
    {"symbol": "A/RES/90/1", "index": 4, "text": "Requests the Secretary-General to report on coastal resilience;"},
    {"symbol": "A/RES/90/1", "index": 5, "text": "Decides to remain seized of the question of Ruritania."},
    {"symbol": "S/RES/3100 (2031)", "index": 9, "text": "Decides to prolong the Panel of Experts on Ruritania;"},
]


def _label(row: dict, intents: list[str], split: str = "train", annotator: str = "pass1") -> GoldLabel:
    return GoldLabel(row["symbol"], row["index"], text_hash(row["text"]), split, tuple(intents), annotator)


def _write(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture
def gold(tmp_path: Path) -> Path:
    labels = [
        _label(CORPUS[0], ["report"]),
        _label(CORPUS[1], ["agenda"], split="test"),
        _label(CORPUS[2], ["sanctions", "mandate"]),
    ]
    write_labels(tmp_path / "intents.jsonl", labels)
    return tmp_path / "intents.jsonl"


def test_text_hash_is_12_hex_digits_and_tracks_the_text() -> None:
    value = text_hash("Decides to remain seized of the question of Ruritania.")
    assert len(value) == 12 and int(value, 16) >= 0
    assert value != text_hash("Decides to remain seized of the question of Arcadia.")


def test_clause_id_round_trips_symbols_with_spaces_and_slashes() -> None:
    assert parse_clause_id(clause_id("S/RES/3100 (2031)", 9)) == ("S/RES/3100 (2031)", 9)
    with pytest.raises(AnnotationError):
        parse_clause_id("A/RES/90/1")


def test_load_gold_joins_labels_with_corpus_rows(gold: Path) -> None:
    rows = load_gold(gold, CORPUS)
    by_key = {(r["symbol"], r["index"]): r for r in rows}
    assert by_key["S/RES/3100 (2031)", 9]["intents"] == ["sanctions", "mandate"]
    assert by_key["A/RES/90/1", 5]["split"] == "test"
    assert by_key["A/RES/90/1", 4]["text"] == CORPUS[0]["text"]


def test_load_gold_rejects_a_changed_text(gold: Path) -> None:
    changed = [dict(CORPUS[0], text=CORPUS[0]["text"].replace("report", "brief")), *CORPUS[1:]]
    with pytest.raises(AnnotationError, match="hash mismatch"):
        load_gold(gold, changed)


def test_load_gold_rejects_an_unknown_intent_key(tmp_path: Path) -> None:
    row = _label(CORPUS[0], ["report"]).to_json() | {"intents": ["report", "budget"]}
    path = _write(tmp_path / "intents.jsonl", [row])
    with pytest.raises(AnnotationError, match="unknown intent"):
        load_gold(path, CORPUS)


def test_load_gold_rejects_more_than_three_intents_and_repeats(tmp_path: Path) -> None:
    four = _label(CORPUS[0], ["report"]).to_json() | {"intents": ["report", "mandate", "agenda", "resources"]}
    with pytest.raises(AnnotationError, match="at most 3"):
        load_gold(_write(tmp_path / "four.jsonl", [four]), CORPUS)
    twice = _label(CORPUS[0], ["report"]).to_json() | {"intents": ["report", "report"]}
    with pytest.raises(AnnotationError, match="repeated"):
        load_gold(_write(tmp_path / "twice.jsonl", [twice]), CORPUS)


def test_load_gold_rejects_missing_rows_split_changes_and_duplicates(gold: Path, tmp_path: Path) -> None:
    with pytest.raises(AnnotationError, match="not in the corpus"):
        load_gold(gold, CORPUS[:2])
    moved = [dict(CORPUS[0], split="test"), *CORPUS[1:]]
    with pytest.raises(AnnotationError, match="split"):
        load_gold(gold, moved)
    row = _label(CORPUS[0], ["report"]).to_json()
    with pytest.raises(AnnotationError, match="labelled twice"):
        read_labels(_write(tmp_path / "dup.jsonl", [row, row]))


def _batch(tmp_path: Path) -> Path:
    items = [
        {
            "id": clause_id(r["symbol"], r["index"]),
            "symbol": r["symbol"],
            "index": r["index"],
            "hash": text_hash(r["text"]),
            "body": "SC" if r["symbol"].startswith("S/") else "GA",
            "split": "test" if r["index"] == 5 else "train",
            "text": r["text"],
        }
        for r in CORPUS
    ]
    return _write(tmp_path / "batch_1.jsonl", items)


def test_merge_round_trips_through_the_gold_file(tmp_path: Path) -> None:
    batch = _batch(tmp_path)
    outputs = _write(
        tmp_path / "labels_1.jsonl",
        [
            {"id": "A/RES/90/1#4", "intents": ["report"]},
            {"id": "A/RES/90/1#5", "intents": ["agenda"], "note": "doubt: agenda vs position"},
            {"id": "S/RES/3100 (2031)#9", "intents": ["sanctions", "mandate"]},
        ],
    )
    result = merge_batches([outputs], [batch], annotator="pass1")
    assert result.missing == [] and result.skipped == []
    write_labels(tmp_path / "intents.jsonl", result.labels)
    assert sorted(read_labels(tmp_path / "intents.jsonl"), key=lambda x: x.key) == sorted(
        result.labels, key=lambda x: x.key
    )
    rows = {r["index"]: r for r in load_gold(tmp_path / "intents.jsonl", CORPUS)}
    assert rows[5]["split"] == "test" and rows[5]["note"] == "doubt: agenda vs position"
    assert rows[9]["intents"] == ["sanctions", "mandate"] and rows[9]["annotator"] == "pass1"


def test_merge_reports_skips_and_missing_and_rejects_strangers(tmp_path: Path) -> None:
    batch = _batch(tmp_path)
    outputs = _write(
        tmp_path / "labels_1.jsonl",
        [
            {"id": "A/RES/90/1#4", "intents": [], "note": "skip: a heading"},
            {"id": "A/RES/90/1#5", "intents": ["agenda"]},
        ],
    )
    result = merge_batches([outputs], [batch], annotator="pass1")
    assert result.skipped == ["A/RES/90/1#4"]
    assert result.missing == ["S/RES/3100 (2031)#9"]
    assert [label.key for label in result.labels] == [("A/RES/90/1", 5)]
    only = merge_batches([outputs], [batch], annotator="pass2", only=["A/RES/90/1#4", "A/RES/90/1#5"])
    assert only.missing == []
    stranger = _write(tmp_path / "labels_2.jsonl", [{"id": "A/RES/90/1#7", "intents": ["report"]}])
    with pytest.raises(AnnotationError, match="not among the items"):
        merge_batches([stranger], [batch], annotator="pass1")
    bad = _write(tmp_path / "labels_3.jsonl", [{"id": "A/RES/90/1#4", "intents": ["Report"]}])
    with pytest.raises(AnnotationError, match=r"labels_3.jsonl:1: unknown intent"):
        merge_batches([bad], [batch], annotator="pass1")


def _pass(labels: dict[int, list[str]], annotator: str) -> list[GoldLabel]:
    return [GoldLabel("A/RES/90/2", i, "0" * 12, "train", tuple(v), annotator) for i, v in labels.items()]


def test_agreement_figures_on_invented_passes() -> None:
    one = _pass({0: ["report"], 1: ["mandate", "resources"], 2: ["concern"], 3: ["position"]}, "pass1")
    two = _pass(
        {0: ["report"], 1: ["resources"], 2: ["concern", "implementation"], 3: ["adoption"], 9: ["agenda"]}, "pass2"
    )
    result = agreement(one, two)
    assert result.n == 4  # paragraph 9 is in one pass only
    # tp: report, resources, concern = 3; fn: mandate, position = 2; fp: implementation, adoption = 2
    assert result.micro_f1 == pytest.approx(6 / 10)
    assert result.main_agreement == pytest.approx(2 / 4)  # report and concern
    assert result.exact_match == pytest.approx(1 / 4)
    assert result.per_intent["report"] == 1.0
    assert result.per_intent["mandate"] == 0.0
    assert result.per_intent["resources"] == 1.0
    assert result.per_intent["sanctions"] is None
    assert result.support["concern"] == (1, 1) and result.support["implementation"] == (0, 1)
    # main intents: pass one report, mandate, concern, position; pass two report, resources, concern, adoption
    # p_o = 0.5, p_e = (1*1 + 1*1) / 16 = 0.125 -> kappa = 0.375 / 0.875
    assert result.main_kappa == pytest.approx(0.375 / 0.875)


def test_agreement_is_perfect_for_identical_passes_and_refuses_changed_texts() -> None:
    one = _pass({0: ["report", "agenda"], 1: ["sanctions"]}, "pass1")
    result = agreement(one, _pass({0: ["report", "agenda"], 1: ["sanctions"]}, "pass2"))
    assert (result.micro_f1, result.main_agreement, result.exact_match, result.main_kappa) == (1.0, 1.0, 1.0, 1.0)
    other = [GoldLabel("A/RES/90/2", 0, "f" * 12, "train", ("report",), "pass2")]
    with pytest.raises(AnnotationError, match="different texts"):
        agreement(one, other)
    with pytest.raises(AnnotationError, match="share no paragraph"):
        agreement(one, _pass({5: ["report"]}, "pass2"))


def test_check_tells_the_annotator_what_is_left(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    batch = _batch(tmp_path)
    assert check_labels_file(tmp_path / "labels_1.jsonl", batch)[0] == "0 labelled, 0 skipped, 3 of 3 still to do"
    outputs = _write(tmp_path / "labels_1.jsonl", [{"id": "A/RES/90/1#4", "intents": ["report"]}])
    lines = check_labels_file(outputs, batch)
    assert lines[0] == "1 labelled, 0 skipped, 2 of 3 still to do"
    assert "A/RES/90/1#5" in lines[2]
    _write(outputs, [{"id": "A/RES/90/1#4", "intents": ["reports"]}])
    assert main(["check", str(outputs), str(batch)]) == 1
    assert "unknown intent" in capsys.readouterr().out


def test_relocate_moves_a_label_to_the_new_index_of_its_text(gold: Path) -> None:
    original = read_labels(gold)
    shifted = [dict(row, index=row["index"] + 1) for row in CORPUS]  # a reader fix added a paragraph
    with pytest.raises(AnnotationError):
        load_gold(gold, shifted)
    labels, moved = relocate_labels(original, shifted)
    assert sorted(moved) == ["A/RES/90/1#4 -> 5", "A/RES/90/1#5 -> 6", "S/RES/3100 (2031)#9 -> 10"]
    write_labels(gold, labels)
    assert {r["index"]: r["intents"] for r in load_gold(gold, shifted)}[10] == ["sanctions", "mandate"]


def test_relocate_never_places_a_changed_text() -> None:
    labels = [_label(CORPUS[0], ["report"])]
    changed = [dict(CORPUS[0], text="Requests the Secretary-General to brief the Council;"), *CORPUS[1:]]
    placed, moved = relocate_labels(labels, changed)
    assert moved == [] and placed == labels


def test_show_prints_the_next_unlabelled_items(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    batch = _batch(tmp_path)
    labels = tmp_path / "labels_1.jsonl"
    assert main(["show", str(batch), str(labels), "--count", "1"]) == 0  # no labels file yet
    assert "== A/RES/90/1#4  (GA, train)" in capsys.readouterr().out
    _write(labels, [{"id": "A/RES/90/1#4", "intents": ["report"]}, {"id": "A/RES/90/1#5", "intents": ["agenda"]}])
    main(["show", str(batch), str(labels)])
    out = capsys.readouterr().out
    assert "S/RES/3100 (2031)#9" in out and "A/RES/90/1#4" not in out
