"""``resolute tag``: formats in and out, the output contract, failures, atomic output, Ctrl-C and --resume."""

from __future__ import annotations

import csv
import gzip
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
from resolute.model.labels import load_labels
from tests.tag_inputs import akn, draft, write_akn_folder

CONTRACT = ("document", "source", "index", "section", "number", "lead", "family", "intents", "text", "scores")


def tag(*args: str, model: Path, stdin: bytes | None = None):
    """Run ``resolute tag`` in-process; standard output is not a terminal, so JSONL is the default."""
    return CliRunner().invoke(app, ["tag", *args, "--model", str(model)], input=stdin)


def lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines()]


def _plain(message: str) -> str:
    """A usage error without the frame rich draws around it (which wraps long lines)."""
    return " ".join(message.replace("│", " ").split())


@pytest.fixture
def inputs(tmp_path: Path, make_docx) -> Path:
    """A folder with one file of each readable format."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.xml").write_bytes(akn(1))
    (folder / "b.xml.gz").write_bytes(gzip.compress(akn(2)))
    (folder / "c.txt").write_text(draft("rural libraries"), encoding="utf-8")
    word = make_docx()
    word.add("The General Assembly,")
    word.add("*Recalling* its resolution 98/7 on tidal energy,")
    word.add("1.\t*Requests* the Secretary-General to submit a report on tidal energy at its next session;")
    word.add("2.\t*Decides* to remain seized of the matter.")
    (folder / "d.docx").write_bytes(word.to_bytes())
    return folder


def test_every_input_format_gives_lines_that_follow_the_contract(tiny_model: Path, inputs: Path) -> None:
    result = tag(str(inputs), model=tiny_model)
    assert result.exit_code == 0, result.stderr
    records = lines(result.stdout)
    labels = load_labels()
    sources = [str(inputs / name) for name in ("a.xml", "b.xml.gz", "c.txt", "d.docx")]
    assert list(dict.fromkeys(r["source"] for r in records)) == sources
    for source in sources:
        assert [r["index"] for r in records if r["source"] == source] == list(
            range(sum(r["source"] == source for r in records))
        )
    for r in records:
        assert tuple(r)[: len(CONTRACT)] == CONTRACT
        assert isinstance(r["document"], str) and isinstance(r["text"], str) and isinstance(r["lead"], str)
        assert isinstance(r["index"], int)
        assert r["section"] in ("preambular", "operative")
        assert (r["number"] is None) == (r["section"] == "preambular")
        assert r["family"] in labels.families
        assert isinstance(r["intents"], list) and set(r["intents"]) <= set(labels.intents)
        assert (r["intents"] == []) == (r["section"] == "preambular")
        assert 0 <= r["scores"]["section"] <= 1 and 0 <= r["scores"]["family"] <= 1
        assert all(0 <= p <= 1 for p in r["scores"]["intents"].values())
    assert {r["document"] for r in records} == {"A/RES/99/1", "A/RES/99/2", "c.txt", "d.docx"}
    assert [r["lead"] for r in records if r["source"].endswith("d.docx")] == ["Recalling", "Requests", "Decides"]
    assert "4 files tagged, 18 clauses, 0 failed" in result.stderr


def test_standard_input_is_read_with_dash(tiny_model: Path) -> None:
    result = tag("-", model=tiny_model, stdin=draft().encode())
    records = lines(result.stdout)
    assert result.exit_code == 0
    assert {(r["source"], r["document"]) for r in records} == {("-", "<stdin>")}
    assert [r["number"] for r in records] == [None, None, "1", "2", "3"]


def _csv_records(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    for row in rows:
        row["index"] = int(row["index"])
        row["number"] = row["number"] or None
        row["intents"] = json.loads(row["intents"])
        row["scores"] = json.loads(row["scores"])
    return rows


def _parquet_records(path: Path) -> list[dict]:
    import pyarrow.parquet as pq

    rows = pq.read_table(path).to_pylist()
    for row in rows:
        row["scores"]["intents"] = dict(row["scores"]["intents"])
    return rows


def test_csv_and_parquet_carry_the_same_records_as_jsonl(tiny_model: Path, inputs: Path, tmp_path: Path) -> None:
    expected = lines(tag(str(inputs), model=tiny_model).stdout)
    for name, read in (("t.csv", _csv_records), ("t.parquet", _parquet_records)):
        result = tag(str(inputs), "--output", str(tmp_path / name), model=tiny_model)
        assert result.exit_code == 0, result.stderr
        assert read(tmp_path / name) == expected
    by_flag = tag(str(inputs), "--format", "csv", "--output", str(tmp_path / "t.out"), model=tiny_model)
    assert by_flag.exit_code == 0 and _csv_records(tmp_path / "t.out") == expected


def test_the_table_shows_each_document_and_its_leads(tiny_model: Path, inputs: Path) -> None:
    result = tag(str(inputs / "c.txt"), "--format", "table", model=tiny_model)
    assert result.exit_code == 0
    assert "c.txt" in result.stdout and "Deeply concerned" in result.stdout and "request" in result.stdout


def test_the_number_of_jobs_does_not_change_the_output(tiny_model: Path, tmp_path: Path) -> None:
    folder = tmp_path / "many"
    write_akn_folder(folder, 30)
    (folder / "late.txt").write_text(draft(), encoding="utf-8")
    one = tag(str(folder), "--jobs", "1", model=tiny_model)
    two = tag(str(folder), "--jobs", "2", model=tiny_model)
    assert one.exit_code == two.exit_code == 0
    assert one.stdout == two.stdout and len(one.stdout.splitlines()) == 31 * 5


def test_bad_files_among_good_ones_are_each_named_once(tiny_model: Path, tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    good = write_akn_folder(folder, 6, compressed=False)
    (folder / "A_RES_99_00002x.xml").write_bytes(b"<akomaNtoso><statement><mainBody>")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "zz.docx").write_bytes(b"PK\x03\x04 not really a Word file")
    missing = tmp_path / "missing.xml"
    result = tag(str(folder), str(missing), "--jobs", "2", model=tiny_model)
    assert result.exit_code == 1
    assert {r["source"] for r in lines(result.stdout)} == {str(p) for p in good}
    assert len(lines(result.stdout)) == 6 * 5
    errors = result.stderr.splitlines()[:-1]
    assert len(errors) == 4
    named = ["A_RES_99_00002x.xml", "empty.txt", "zz.docx", "missing.xml"]
    for line, name in zip(errors, named, strict=True):
        assert line.startswith("error: ") and name in line
    assert "6 files tagged, 30 clauses, 4 failed" in result.stderr.splitlines()[-1]


def test_the_console_command_writes_all_its_lines_and_exits_with_the_run_status(
    tiny_model: Path, inputs: Path, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.xml"
    broken.write_bytes(b"<akomaNtoso><unclosed")
    expected = lines(tag(str(inputs), "--format", "jsonl", model=tiny_model).stdout)
    command = [sys.executable, "-m", "resolute.cli", "tag", str(inputs), str(broken), "--model", str(tiny_model)]
    run = subprocess.run([*command, "--format", "jsonl"], capture_output=True, timeout=120)
    assert run.returncode == 1
    assert lines(run.stdout.decode("utf-8")) == expected
    assert [line for line in run.stderr.decode().splitlines() if "broken.xml" in line] == [
        next(line for line in run.stderr.decode().splitlines() if line.startswith("error:"))
    ]


@pytest.mark.parametrize(
    "args",
    [
        ["--resume"],
        ["--format", "parquet"],
        ["--format", "xml"],
        ["--resume", "--output", "x.parquet"],
        ["--output", "no-such-folder/x.jsonl"],
        ["--jobs", "0"],
    ],
)
def test_usage_errors_exit_with_2(tiny_model: Path, inputs: Path, args: list[str], monkeypatch, tmp_path) -> None:
    monkeypatch.chdir(tmp_path)
    result = tag(str(inputs), *args, model=tiny_model)
    assert result.exit_code == 2
    assert not list(tmp_path.glob("*.parquet"))


def test_a_model_folder_that_cannot_be_used_is_a_usage_error(inputs: Path, tmp_path: Path) -> None:
    result = tag(str(inputs), model=tmp_path)
    assert result.exit_code == 2 and "Invalid value for '--model'" in _plain(result.stderr)


def test_the_output_file_is_replaced_whole_and_no_temporary_file_stays(
    tiny_model: Path, inputs: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out" / "tags.jsonl"
    out.parent.mkdir()
    out.write_text("old\n")
    result = tag(str(inputs), "--output", str(out), model=tiny_model)
    assert result.exit_code == 0 and result.stdout == ""
    assert len(lines(out.read_text(encoding="utf-8"))) == 18
    assert os.listdir(out.parent) == ["tags.jsonl"]
    assert out.stat().st_mode & 0o777 == 0o666 & ~_umask()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _groups(path: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        found.setdefault(json.loads(line)["source"], []).append(line)
    return found


def _marked(line: str) -> str:
    record = json.loads(line)
    return json.dumps({**record, "lead": "KEPT " + record["lead"]}, ensure_ascii=False) + "\n"


def test_resume_keeps_unchanged_files_and_tags_the_rest(tiny_model: Path, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    paths = write_akn_folder(folder, 8)
    out = tmp_path / "tags.jsonl"
    assert tag(str(folder), "--output", str(out), model=tiny_model).exit_code == 0
    full = out.read_text(encoding="utf-8").splitlines(keepends=True)
    # an earlier output holding the first four files; file 1's lines marked to see they are copied, not re-tagged
    kept = [_marked(line) if str(paths[1]) in line else line for line in full[:20]]
    out.write_text("".join(kept), encoding="utf-8")
    paths[2].write_bytes(gzip.compress(akn(2, preamble=1)))  # changed since: tagged again
    paths[7].unlink()  # no longer an input: its lines go

    result = tag(str(folder), "--output", str(out), "--resume", model=tiny_model)
    assert result.exit_code == 0, result.stderr
    groups = _groups(out)
    assert list(groups) == [str(p) for p in paths[:7]]
    assert all("KEPT" in line for line in groups[str(paths[1])])
    assert len(groups[str(paths[2])]) == 4
    assert [line + "\n" for line in groups[str(paths[0])]] == full[:5]
    assert [line + "\n" for line in groups[str(paths[3])]] == full[15:20]
    assert [line + "\n" for p in paths[4:7] for line in groups[str(p)]] == full[20:35]
    assert "7 files tagged (3 kept from the earlier output)" in result.stderr


def test_resume_refuses_a_file_it_did_not_write(tiny_model: Path, inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "tags.jsonl"
    out.write_text("something else\n")
    result = tag(str(inputs), "--output", str(out), "--resume", model=tiny_model)
    assert result.exit_code == 2 and "line 1 is not a line of resolute tag" in _plain(result.stderr)
    assert out.read_text() == "something else\n"


def test_resume_works_on_csv(tiny_model: Path, inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "tags.csv"
    assert tag(str(inputs), "--output", str(out), model=tiny_model).exit_code == 0
    complete = out.read_bytes()
    out.write_bytes(b"".join(complete.splitlines(keepends=True)[:11]))  # the header and two whole files
    result = tag(str(inputs), "--output", str(out), "--resume", model=tiny_model)
    assert result.exit_code == 0 and out.read_bytes() == complete
    assert "(2 kept from the earlier output)" in result.stderr


def _run_until_some_output(command: list[str], folder: Path) -> subprocess.Popen:
    """Start ``command`` in its own process group; return once whole files are being written."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if any(p.suffix == ".tmp" and p.stat().st_size > 0 for p in folder.iterdir()):
            return process
        time.sleep(0.005)
    pytest.fail(f"the run ended or stalled before writing anything: {process.communicate()[1].decode()}")


def test_ctrl_c_leaves_no_partial_output_and_resume_gives_the_full_run(tiny_model: Path, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write_akn_folder(folder, 1200)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "tags.jsonl"
    command = [sys.executable, "-m", "resolute.cli", "tag", str(folder), "--model", str(tiny_model), "--jobs", "2"]

    process = _run_until_some_output([*command, "--output", str(out)], out_dir)
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C does: the whole foreground process group
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr.decode()
    assert b"Traceback" not in stderr and b"--resume" in stderr
    assert not out.exists()
    progress = out_dir / ".tags.jsonl.resume"
    assert os.listdir(out_dir) == [progress.name]  # only the progress of whole files, kept for --resume
    kept = _groups(progress)
    assert 0 < len(kept) < 1200 and all(len(group) == 5 for group in kept.values())

    resumed = subprocess.run([*command, "--output", str(out), "--resume"], capture_output=True, check=True)
    assert f"({len(kept):,} kept from the earlier output)".encode() in resumed.stderr
    full = tmp_path / "full.jsonl"
    subprocess.run([*command, "--jobs", "1", "--output", str(full)], capture_output=True, check=True)
    assert out.read_bytes() == full.read_bytes()
    assert os.listdir(out_dir) == ["tags.jsonl"]
