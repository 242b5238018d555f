"""``resolute corpus build``: a smoke test on a few files of the shared raw corpus, and its errors."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from resolute.cli.app import app

REPO = Path(__file__).resolve().parents[2]
RAW = Path(os.environ.get("RESOLUTE_CORPUS") or REPO.parent / "shared" / "corpus" / "raw")
GA, SC, HRC = "UNxml__GAresolutions", "UNxml__SCresolutions", "UNxml__HRCresolutions"
# (folder with resolutions, metadata file, split its documents go to)
PICKS = (
    (f"{GA}/79session/English", f"{GA}/data_extract/79.json.gz", "test"),
    (f"{SC}/2023/English", f"{SC}/data_extract/2023.json.gz", "validation"),
    (f"{HRC}/56session/English", f"{HRC}/data_extract/56session.json.gz", "train"),
)


@pytest.fixture(autouse=True)
def _offline(monkeypatch, tmp_path):
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.delenv("RESOLUTE_CORPUS", raising=False)


def _link(raw: Path, relative: str, target: Path) -> None:
    path = raw / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(target)


@pytest.mark.skipif(not RAW.is_dir(), reason="the shared raw corpus is not present")
def test_build_on_a_few_real_files_and_a_bad_one(tmp_path):
    raw = tmp_path / "raw"
    for folder, metadata, _ in PICKS:
        first = sorted((RAW / folder).glob("*.xml*"))[0]
        _link(raw, f"{folder}/{first.name}", first)
        _link(raw, metadata, RAW / metadata)
    bad = raw / GA / "79session" / "English" / "A_RES_79_999-E.xml.gz"
    bad.write_bytes(b"\x1f\x8b truncated")
    out = tmp_path / "corpus"

    result = CliRunner().invoke(app, ["corpus", "build", "--raw", str(raw), "--out", str(out)])

    assert result.exit_code == 0, result.output
    assert f"{GA}/79session/English/A_RES_79_999-E.xml.gz: " in result.stderr
    assert "Traceback" not in result.output
    assert "files that failed: 1" in result.stdout
    assert "silver family coverage" in result.stdout
    from resolute.training.corpus import load_corpus

    corpus = load_corpus(out)
    for folder, _, split in PICKS:
        rows = corpus[split]
        assert rows.num_rows > 0
        assert {source.rsplit("/", 1)[0] for source in rows["source"]} == {folder}
        assert set(rows["section"]) <= {"preambular", "operative"}
        assert all(title for title in rows["title"])  # joined from data_extract
        assert rows["index"][0] == 0


def test_build_without_a_raw_folder_says_so(tmp_path):
    result = CliRunner().invoke(app, ["corpus", "build", "--raw", str(tmp_path / "absent")])
    assert result.exit_code == 2
    assert "absent" in result.stderr
    assert "Traceback" not in result.output


def test_build_refuses_to_replace_a_folder_that_is_not_a_corpus(tmp_path):
    (tmp_path / "raw").mkdir()
    out = tmp_path / "notes"
    out.mkdir()
    (out / "todo.txt").write_text("keep me")
    result = CliRunner().invoke(app, ["corpus", "build", "--raw", str(tmp_path / "raw"), "--out", str(out)])
    assert result.exit_code == 2
    assert "not a corpus folder" in result.stderr
    assert (out / "todo.txt").exists()


def test_corpus_help_lists_build():
    result = CliRunner().invoke(app, ["corpus", "--help"])
    assert result.exit_code == 0
    assert "build" in result.stdout
