"""``resolute suggest`` and ``resolute suggest-index``: options, formats, drafts, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from resolute.cli.app import app
from resolute.model.retrieval import INDEX_FILE, PrecedentIndex
from tests.suggest_inputs import REPORT, rows, suggest_model, write_raw

CLAUSE = REPORT.format(ordinal="ninety-first")


@pytest.fixture(scope="module")
def model(tiny_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return suggest_model(tiny_model, tmp_path_factory.mktemp("cli-suggest") / "model")


@pytest.fixture(scope="module")
def raw(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_raw(tmp_path_factory.mktemp("raw"))


def run(*args: str):
    return CliRunner().invoke(app, ["suggest", *args])


def _plain(message: str) -> str:
    return " ".join(message.replace("│", " ").split())


def test_json_names_precedents_of_the_index(model, raw):
    result = run(CLAUSE, "--model", str(model), "--corpus", str(raw), "--k", "3", "--format", "json")
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    index = PrecedentIndex.load(model / INDEX_FILE)
    assert record["family"] == "request" and record["intents"][0] == "report"
    assert len(record["precedents"]) == 3
    assert {p["symbol"] for p in record["precedents"]} <= set(index.symbols.tolist())
    assert all(p["text"].startswith("Requests the Secretary-General") for p in record["precedents"])
    assert "{ordinal}" in record["templates"][0]["pattern"]


def test_json_is_the_default_off_a_terminal_and_works_without_corpus(model, tmp_path):
    result = run(CLAUSE, "--model", str(model), "--corpus", str(tmp_path / "none"))
    assert result.exit_code == 0, result.output
    first = json.loads(result.stdout)["precedents"][0]
    assert first["text"] is None and first["link"].startswith("https://undocs.org/en/A/RES/99/")


def test_table_shows_precedents_and_formulas(model, tmp_path):
    result = run(CLAUSE, "--model", str(model), "--corpus", str(tmp_path / "none"), "--format", "table")
    assert result.exit_code == 0, result.output
    assert "Precedents" in result.stdout and "Formulas" in result.stdout and "undocs.org" in result.stdout
    assert "family: request" in result.stdout


def test_a_paragraph_of_a_draft(model, raw, tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text(
        "The General Assembly,\n\nRecalling its resolution 98/2 on lighthouses,\n\n"
        f"1. Urges all States to protect lighthouses from storms and floods;\n\n2. {CLAUSE}\n",
        encoding="utf-8",
    )
    result = run("--draft", str(draft), "--paragraph", "2", "--model", str(model), "--corpus", str(raw))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["text"] == CLAUSE
    result = run("--draft", str(draft), "--paragraph", "PP1", "--model", str(model), "--corpus", str(raw))
    record = json.loads(result.stdout)
    assert record["section"] == "preambular" and record["precedents"][0]["section"] == "preambular"
    result = run("--draft", str(draft), "--paragraph", "7", "--model", str(model))
    assert result.exit_code == 1 and "no paragraph 7" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "give a clause TEXT or --draft FILE"),
        (("x", "--draft", "d.txt"), "give a clause TEXT or --draft FILE"),
        (("--draft", "d.txt"), "--draft needs --paragraph"),
    ],
)
def test_usage_errors(args, message):
    result = run(*args)
    assert result.exit_code == 2
    assert message in _plain(result.output)


def test_an_unreadable_model_is_an_error(tmp_path):
    result = run(CLAUSE, "--model", str(tmp_path))
    assert result.exit_code == 1 and "not a resolute model" in result.stderr


def test_suggest_index_builds_from_a_corpus(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    import datasets

    from resolute.training.corpus import corpus_features

    columns = corpus_features()
    data = [{name: row.get(name) for name in columns} | {"subparagraphs": [], "subjects": []} for row in rows()]
    datasets.DatasetDict({"train": datasets.Dataset.from_list(data, features=columns)}).save_to_disk(
        str(tmp_path / "c")
    )
    result = CliRunner().invoke(
        app, ["suggest-index", str(tmp_path / "out"), "--corpus", str(tmp_path / "c"), "--min-documents", "3"]
    )
    assert result.exit_code == 0, result.output
    assert "31 paragraphs indexed" in result.stderr and "1 templates" in result.stderr
    assert (tmp_path / "out" / INDEX_FILE).is_file()
    result = CliRunner().invoke(
        app, ["suggest-index", str(tmp_path / "o2"), "--corpus", str(tmp_path / "c"), "--bits", "100"]
    )
    assert result.exit_code == 2
