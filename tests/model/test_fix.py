"""Safe fixes written to a copy: plain text keeps its lines, Word keeps its runs; the copy passes the check."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from resolute.model.check import check_document
from resolute.model.classify import load_classifier
from resolute.model.fix import FixError, write_fixed
from resolute.model.readers import read_bytes
from tests.model.test_check import DRAFT, edited

BROKEN = edited(
    ("Recalling its resolution 12/34", "Recalls its resolution 12/34"),  # L001
    ("adopted in 2015,", "adopted in 2015."),  # P001
    ("Deeply concerned about", "Deeply concened about"),  # L002 (misspelt)
    ("2. Requests the Secretary-General", "3. Requests the Secretary General"),  # S003, R002
    ('"Rural libraries".', '"Rural libraries";'),  # P003
)


@pytest.fixture(scope="module")
def model(tiny_model: Path):
    return load_classifier(tiny_model)


def fix(data: bytes, source: Path, output: Path, model):
    report = check_document(read_bytes(data, str(source)), model)
    return report, write_fixed(data, str(source), report, output)


def test_text_fixes_leave_the_input_alone_and_the_copy_passes(tmp_path: Path, model) -> None:
    source = tmp_path / "draft.txt"
    source.write_text(BROKEN, encoding="utf-8")
    output = tmp_path / "fixed.txt"
    report, result = fix(source.read_bytes(), source, output, model)
    assert {f.code for f in report.findings} == {"L001", "P001", "L002", "S003", "R002", "P003"}
    assert source.read_text(encoding="utf-8") == BROKEN
    assert output.read_text(encoding="utf-8") == DRAFT
    assert result.skipped == []
    again = check_document(read_bytes(output.read_bytes(), str(output)), model)
    assert again.findings == []


def test_text_fixes_keep_line_endings_and_other_lines(tmp_path: Path, model) -> None:
    text = "Draft resolution\r\n\r\n" + edited(("desert roads;", "desert roads")).replace("\n", "\r\n")
    source = tmp_path / "draft.txt"
    source.write_bytes(text.encode("utf-8"))
    output = tmp_path / "fixed.txt"
    fix(source.read_bytes(), source, output, model)
    fixed = output.read_bytes().decode("utf-8")
    assert fixed.startswith("Draft resolution\r\n\r\n")
    assert "desert roads;\r\n" in fixed
    assert fixed.count("\r\n") == text.count("\r\n")


def test_negotiation_labels_are_stripped(tmp_path: Path, model) -> None:
    text = DRAFT.replace("Recalling its", "PP1 Recalling its").replace("1. Welcomes", "OP1 Welcomes")
    source = tmp_path / "draft.txt"
    source.write_text(text, encoding="utf-8")
    output = tmp_path / "fixed.txt"
    fix(source.read_bytes(), source, output, model)
    assert output.read_text(encoding="utf-8") == DRAFT


def test_word_fixes_keep_the_runs_formatting(tmp_path: Path, make_docx, model) -> None:
    draft = make_docx()
    draft.add("The General Assembly,")
    draft.add("*Recalls* its resolution 12/34 on coastal fisheries.")
    draft.add("*Deeply concerned* about the spread of locust swarms in the region,")
    draft.add("1.\t*Requests* the Secretary General to submit a report on rural libraries;")
    draft.add("2.\t*Decides* to remain seized of the matter;")
    source = tmp_path / "draft.docx"
    source.write_bytes(draft.to_bytes())
    before = source.read_bytes()
    output = tmp_path / "fixed.docx"
    report, _ = fix(before, source, output, model)
    assert {f.code for f in report.findings} >= {"L001", "P001", "R002", "P003"}
    assert source.read_bytes() == before
    paragraphs = docx.Document(str(output)).paragraphs
    assert [p.text for p in paragraphs] == [
        "The General Assembly,",
        "Recalling its resolution 12/34 on coastal fisheries,",
        "Deeply concerned about the spread of locust swarms in the region,",
        "1.\tRequests the Secretary-General to submit a report on rural libraries;",
        "2.\tDecides to remain seized of the matter.",
    ]
    first = paragraphs[1].runs
    assert first[0].text == "Recalling" and first[0].italic
    assert not first[1].italic
    assert check_document(read_bytes(output.read_bytes(), str(output)), model).errors == 0


def test_the_input_is_never_overwritten(tmp_path: Path, model) -> None:
    source = tmp_path / "draft.txt"
    source.write_text(BROKEN, encoding="utf-8")
    report = check_document(read_bytes(source.read_bytes(), str(source)), model)
    with pytest.raises(FixError, match="overwrite"):
        write_fixed(source.read_bytes(), str(source), report, source)
    with pytest.raises(FixError, match="format"):
        write_fixed(source.read_bytes(), str(source), report, tmp_path / "fixed.docx")
    assert source.read_text(encoding="utf-8") == BROKEN
