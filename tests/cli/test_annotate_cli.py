"""``resolute annotate`` driven by scripted key presses on a tiny invented corpus."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from resolute.cli.app import app
from resolute.training.annotations import read_labels, text_hash

# Invented clauses in UN style: split -> [(symbol, index, section, family, text)]
CLAUSES = {
    "train": [
        ("A/RES/90/1", 0, "preambular", "recall", "Recalling its resolution 88/7 on lighthouse safety,"),
        ("A/RES/90/1", 1, "operative", "request", "Requests the Secretary-General to report on lighthouses;"),
        ("A/RES/90/1", 2, "operative", "encourage", "Encourages States to contribute to the trust fund for keepers;"),
        ("A/RES/90/1", 3, "operative", "decide", "Decides to extend the mandate of the panel on glacier lakes;"),
        ("S/RES/9001 (2030)", 0, "operative", "urge", "Urges Member States to ratify the convention on glacier lakes;"),
        (
            "S/RES/9001 (2030)",
            1,
            "operative",
            "decide",
            "Decides that all States shall freeze the funds of the pirates;",
        ),
    ],
    "validation": [("A/RES/91/1", 0, "operative", "welcome", "Welcomes the work of the commission on dunes;")],
    "test": [("A/RES/92/1", 0, "operative", "condemn", "Condemns the attacks on the observatories;")],
}
TEXTS = {(symbol, index): text for rows in CLAUSES.values() for symbol, index, _, _, text in rows}


@pytest.fixture(autouse=True)
def _offline(monkeypatch, tmp_path):
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    from datasets import Dataset, DatasetDict

    columns = ("symbol", "index", "section", "family", "text")
    splits = {
        split: Dataset.from_list([{**dict(zip(columns, row, strict=True)), "body": row[0][:1]} for row in rows])
        for split, rows in CLAUSES.items()
    }
    folder = tmp_path / "corpus"
    DatasetDict(splits).save_to_disk(str(folder))
    return folder


def annotate(corpus: Path, gold: Path, model: Path, keys: str, *options: str):
    args = ["annotate", "--corpus", str(corpus), "--gold", str(gold), "--model", str(model), "--annotator", "tester"]
    return CliRunner().invoke(app, [*args, *options], input=keys)


def keys_of(gold: Path) -> list[tuple[str, int]]:
    return [label.key for label in read_labels(gold)]


def test_scripted_session_saves_skips_and_undoes(corpus: Path, tiny_model: Path, tmp_path: Path) -> None:
    gold = tmp_path / "intents.jsonl"
    result = annotate(corpus, gold, tiny_model, "rp # first\ns\nzz\nb\nu\nim\nq\n", "--by", "random")
    assert result.exit_code == 0, result.output
    assert "unknown key 'z'" in result.output and "2 saved, 1 skipped, 1 undone" in result.output
    labels = read_labels(gold)
    assert len(labels) == 2 and len(gold.read_text().splitlines()) == 2
    first, second = labels
    assert first.intents == ("report", "position") and first.note == "first" and first.annotator == "tester"
    assert second.intents == ("implementation", "mandate")  # the undone answer "b" is gone, "im" replaced it
    for label in labels:
        assert label.split == "train" and label.hash == text_hash(TEXTS[label.key])
    shown = [line.split("(")[0] for line in result.output.splitlines() if line.startswith("╭─")]
    assert len(shown) == 6  # the first, then one after rp, s, b, u (the undone one again) and im
    assert shown[4] == shown[2] and shown[5] == shown[3]
    assert "r report" in result.output and "model:" in result.output


def test_labelled_paragraphs_are_not_offered_again_and_the_file_grows(
    corpus: Path, tiny_model: Path, tmp_path: Path
) -> None:
    gold = tmp_path / "intents.jsonl"
    assert annotate(corpus, gold, tiny_model, "r\nr\n").exit_code == 0  # then end of input: as q
    assert annotate(corpus, gold, tiny_model, "r\nr\nr\n").exit_code == 0
    result = annotate(corpus, gold, tiny_model, "r\n")
    assert "no paragraph left" in result.output
    operative_train = [(symbol, index) for symbol, index, section, _, _ in CLAUSES["train"] if section == "operative"]
    assert sorted(keys_of(gold)) == sorted(operative_train)


def test_filter_family_and_split_choose_the_paragraphs(corpus: Path, tiny_model: Path, tmp_path: Path) -> None:
    gold = tmp_path / "intents.jsonl"
    assert annotate(corpus, gold, tiny_model, "i\ni\n", "--filter", "GLACIER", "--family", "urge").exit_code == 0
    assert keys_of(gold) == [("S/RES/9001 (2030)", 0)]
    assert annotate(corpus, gold, tiny_model, "d\n", "--split", "test").exit_code == 0
    test_label = read_labels(gold)[-1]
    assert (test_label.key, test_label.split, test_label.intents) == (("A/RES/92/1", 0), "test", ("concern",))


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--split", "dev"], "--split must be one of"),
        (["--by", "alphabet"], "--by must be one of"),
        (["--family", "gossip"], "unknown family"),
        (["--filter", "("], "not a valid regex"),
    ],
)
def test_bad_options_are_usage_errors(corpus: Path, tiny_model: Path, tmp_path: Path, options, message) -> None:
    result = annotate(corpus, tmp_path / "intents.jsonl", tiny_model, "", *options)
    assert result.exit_code == 2 and message in result.output


def test_missing_corpus_and_broken_gold_file_fail_before_anything_is_written(tiny_model: Path, tmp_path: Path) -> None:
    gold = tmp_path / "intents.jsonl"
    result = annotate(tmp_path / "nowhere", gold, tiny_model, "r\n")
    assert result.exit_code == 1 and "resolute corpus build" in result.output and not gold.exists()
    gold.write_text('{"symbol": "A/RES/90/1"}\n')
    result = annotate(tmp_path / "nowhere", gold, tiny_model, "r\n")
    assert result.exit_code == 1 and "missing field" in result.output


def test_ctrl_c_exits_130_and_keeps_every_saved_label(corpus: Path, tiny_model: Path, tmp_path: Path) -> None:
    gold = tmp_path / "intents.jsonl"
    command = [sys.executable, "-m", "resolute.cli", "annotate", "--corpus", str(corpus), "--gold", str(gold)]
    command += ["--model", str(tiny_model), "--annotator", "tester"]
    process = subprocess.Popen(
        command,
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    process.stdin.write(b"rp\nm\n")
    process.stdin.flush()  # stdin stays open: the session waits for the third answer
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if gold.exists() and gold.read_bytes().count(b"\n") == 2:
            break
        time.sleep(0.01)
    else:
        pytest.fail(f"the session ended or stalled before saving: {process.communicate()[1].decode()}")
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C does: the whole foreground process group
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr.decode()
    assert b"Traceback" not in stderr and b"interrupted" in stderr
    labels = read_labels(gold)
    assert [label.intents for label in labels] == [("report", "position"), ("mandate",)]
    assert all(json.loads(line) for line in gold.read_text().splitlines())
