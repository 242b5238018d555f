"""``resolute check``: the JSON contract, exit codes, the report, --fix and usage errors."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from resolute.cli.app import app
from tests.model.test_check import DRAFT, edited

BROKEN = edited(("desert roads;", "desert roads."), ("2. Requests", "2. Asks"), ("Member States", "member states"))


def check(*args: str, model: Path, stdin: str | None = None):
    return CliRunner().invoke(app, ["check", *args, "--model", str(model)], input=stdin)


def _plain(message: str) -> str:
    return " ".join(message.replace("│", " ").split())


def test_json_follows_the_contract_and_errors_exit_1(tmp_path: Path, tiny_model: Path) -> None:
    source = tmp_path / "draft.txt"
    source.write_text(BROKEN, encoding="utf-8")
    result = check(str(source), "--format", "json", model=tiny_model)
    assert result.exit_code == 1, result.output
    record = json.loads(result.stdout)
    assert list(record) == ["document", "source", "findings"]
    assert (record["document"], record["source"]) == ("draft.txt", str(source))
    assert all(list(f) == ["code", "severity", "index", "number", "message", "fix"] for f in record["findings"])
    assert {(f["code"], f["severity"], f["index"], f["number"]) for f in record["findings"]} == {
        ("P002", "error", 3, "1"),
        ("L002", "warning", 4, "2"),
        ("R002", "warning", 5, "3"),
    }
    asks = next(f for f in record["findings"] if f["code"] == "L002")
    assert asks["fix"] == "write 'Requests'"


def test_a_clean_draft_exits_0_and_warnings_do_not_fail(tmp_path: Path, tiny_model: Path) -> None:
    source = tmp_path / "draft.txt"
    source.write_text(DRAFT, encoding="utf-8")
    result = check(str(source), "-f", "json", model=tiny_model)
    assert result.exit_code == 0
    assert json.loads(result.stdout)["findings"] == []
    source.write_text(edited(("Member States", "member states")), encoding="utf-8")
    assert check(str(source), "-f", "json", model=tiny_model).exit_code == 0


def test_standard_input(tiny_model: Path) -> None:
    result = check("-", "-f", "json", model=tiny_model, stdin=BROKEN)
    assert result.exit_code == 1
    assert json.loads(result.stdout)["document"] == "<stdin>"


def test_the_report_shows_clauses_families_and_findings(tmp_path: Path, tiny_model: Path) -> None:
    source = tmp_path / "draft.txt"
    source.write_text(BROKEN, encoding="utf-8")
    result = check(str(source), model=tiny_model)
    assert result.exit_code == 1
    for expected in ("P002", "L002", "R002", "request", "recall", "1 error", "2 warnings"):
        assert expected in result.stdout


def test_fix_writes_a_copy_that_passes(tmp_path: Path, tiny_model: Path) -> None:
    source = tmp_path / "draft.txt"
    source.write_text(BROKEN, encoding="utf-8")
    output = tmp_path / "fixed.txt"
    result = check(str(source), "--fix", str(output), model=tiny_model)
    assert result.exit_code == 1  # the input's errors
    assert "fixes applied" in result.stdout
    assert source.read_text(encoding="utf-8") == BROKEN
    assert output.read_text(encoding="utf-8") == DRAFT
    assert check(str(output), "-f", "json", model=tiny_model).exit_code == 0


def test_fix_on_word(tmp_path: Path, tiny_model: Path, make_docx) -> None:
    draft = make_docx()
    draft.add("The General Assembly,")
    draft.add("*Recalls* its resolution 12/34 on coastal fisheries,")
    draft.add("1.\t*Decides* to remain seized of the matter;")
    source = tmp_path / "draft.docx"
    source.write_bytes(draft.to_bytes())
    output = tmp_path / "fixed.docx"
    assert check(str(source), "--fix", str(output), "-f", "json", model=tiny_model).exit_code == 1
    assert check(str(output), "-f", "json", model=tiny_model).exit_code == 0


def test_usage_errors_exit_2(tmp_path: Path, tiny_model: Path) -> None:
    source = tmp_path / "draft.txt"
    source.write_text(BROKEN, encoding="utf-8")
    same = check(str(source), "--fix", str(source), model=tiny_model)
    assert same.exit_code == 2 and "must not overwrite the input" in _plain(same.output)
    assert source.read_text(encoding="utf-8") == BROKEN
    assert check(str(tmp_path / "missing.txt"), model=tiny_model).exit_code == 2
    assert check(str(source), "--fix", str(tmp_path / "fixed.pdf"), model=tiny_model).exit_code == 2
    assert check(str(source), "--format", "yaml", model=tiny_model).exit_code == 2
    bad_model = CliRunner().invoke(app, ["check", str(source), "--model", str(tmp_path / "nope")])
    assert bad_model.exit_code == 2 and "no such model folder" in _plain(bad_model.output)
